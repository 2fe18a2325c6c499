from django.urls import path, re_path

from . import search_views, substitute_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", search_views.search, name="search"),
    re_path(r"^search/export\.(?P<file_format>csv|xlsx)$", search_views.export,
            name="search-export"),
    path("products/<str:registry_number>/", views.product_detail, name="product-detail"),
    path(
        "products/<str:registry_number>/documents/<int:pk>/",
        views.document_download, name="document-download",
    ),
    path("manufacturers/", views.manufacturer_list, name="manufacturer-list"),
    path("manufacturers/<slug:slug>/", views.manufacturer_detail, name="manufacturer-detail"),
    path("substitutes/", substitute_views.substitutes, name="substitutes"),
    path("substitutes/bom/", substitute_views.bom_upload, name="bom-upload"),
    path("substitutes/bom/<str:token>/", substitute_views.bom_answer, name="bom-answer"),
    re_path(r"^substitutes/bom/(?P<token>[\w-]+)/answer\.(?P<file_format>csv|xlsx)$",
            substitute_views.bom_download, name="bom-download"),
]
