"""URLs of the API: version 1 under /api/v1/, the OpenAPI schema and its docs page."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from .errors import not_found
from .throttling import AnonThrottle, UserThrottle
from .views.categories import CategoryViewSet
from .views.exports import CSVExportView, JSONLinesExportView
from .views.manufacturers import ManufacturerViewSet
from .views.products import ProductViewSet
from .views.root import RootView
from .views.substitutes import SubstitutesView

app_name = "api"
THROTTLES = [AnonThrottle, UserThrottle]

router = SimpleRouter()
router.register("products", ProductViewSet, basename="product")
router.register("manufacturers", ManufacturerViewSet, basename="manufacturer")
router.register("categories", CategoryViewSet, basename="category")

v1 = [
    path("", RootView.as_view(), name="root"),
    path("substitutes/", SubstitutesView.as_view(), name="substitutes"),
    path("export.jsonl", JSONLinesExportView.as_view(), name="export-jsonl"),
    path("export.csv", CSVExportView.as_view(), name="export-csv"),
    *router.urls,
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(throttle_classes=THROTTLES), name="schema"),
    # The split view serves its start-up script from ?script: the page needs no inline code.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # Last: any other address under /api/ that ends in a slash answers a JSON 404 (without
    # the slash, Django first redirects to it).
    re_path(r"^[\s\S]*/$", not_found),  # [\s\S]: a newline in the address must not escape it
]
