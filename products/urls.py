from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("products/<str:registry_number>/", views.product_detail, name="product-detail"),
    path(
        "products/<str:registry_number>/documents/<int:pk>/",
        views.document_download, name="document-download",
    ),
    path("manufacturers/<slug:slug>/", views.manufacturer_detail, name="manufacturer-detail"),
]
