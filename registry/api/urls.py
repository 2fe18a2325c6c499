"""URLs of the API: version 1 under /api/v1/, the OpenAPI schema and its docs page."""

from django.urls import include, path, re_path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from products.models.entries import REGISTRY_NUMBER_PATTERN

from .errors import not_found
from .throttling import AnonThrottle, UserThrottle
from .views.applications import ApplicationViewSet
from .views.batches import BatchViewSet
from .views.bom import BomSubstitutesView
from .views.categories import CategoryViewSet
from .views.changes import ChangesView
from .views.documents import ApplicationDocumentsView, ApplicationDocumentView
from .views.exports import CSVExportView, JSONLinesExportView
from .views.history import ProductHistoryView
from .views.manufacturers import ManufacturerViewSet
from .views.products import ProductViewSet
from .views.root import RootView
from .views.substitutes import SubstitutesView
from .views.webhooks import WebhookViewSet

app_name = "api"
THROTTLES = [AnonThrottle, UserThrottle]
# Row ids in addresses: at most 18 digits, so that no number overflows a database integer.
ID = "[0-9]{1,18}"


class IdConverter:
    regex = ID

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")

router = SimpleRouter()
router.register("products", ProductViewSet, basename="product")
router.register("manufacturers", ManufacturerViewSet, basename="manufacturer")
router.register("categories", CategoryViewSet, basename="category")
router.register("applications", ApplicationViewSet, basename="application")
router.register("webhooks", WebhookViewSet, basename="webhook")
router.register("batches", BatchViewSet, basename="batch")

v1 = [
    path("", RootView.as_view(), name="root"),
    path("substitutes/", SubstitutesView.as_view(), name="substitutes"),
    path("substitutes/bom/", BomSubstitutesView.as_view(), name="substitutes-bom"),
    path("changes/", ChangesView.as_view(), name="changes"),
    re_path(rf"^products/(?P<registry_number>{REGISTRY_NUMBER_PATTERN.strip('^$')})/history/$",
            ProductHistoryView.as_view(), name="product-history"),
    path("export.jsonl", JSONLinesExportView.as_view(), name="export-jsonl"),
    path("export.csv", CSVExportView.as_view(), name="export-csv"),
    path("applications/<id:pk>/documents/", ApplicationDocumentsView.as_view(),
         name="application-documents"),
    path("applications/<id:pk>/documents/<id:document_pk>/", ApplicationDocumentView.as_view(),
         name="application-document"),
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
