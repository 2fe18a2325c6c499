"""The whole public register, streamed: JSON Lines and CSV."""

from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.generics import GenericAPIView

from products.filters import ProductFilterSet

from .. import conditional, exports, public, schema
from ..filtering import FilterBackend
from ..throttling import ExportThrottle
from .base import PublicReadMixin

EXPORT_DESCRIPTION = (
    "Every public register entry (or those the filters select), ordered by registry number, "
    "streamed as it is read. Send If-None-Match with the ETag of the last download to skip "
    "an unchanged register. Exports have their own, lower request rate.")


class ExportSchema(AutoSchema):
    """An export is not a paginated list, but it takes the entries' filters."""

    def get_filter_backends(self):
        return self.view.filter_backends


class ExportView(PublicReadMixin, GenericAPIView):
    filterset_class = ProductFilterSet
    filter_backends = [FilterBackend]
    throttle_classes = [*PublicReadMixin.throttle_classes, ExportThrottle]
    schema = ExportSchema()
    media_type = extension = ""
    write = None  # (queryset, request) → the answer's pieces, in the format

    def get_queryset(self):
        return public.products(self.request.user)

    def get(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        queryset = queryset.order_by("registry_number", "pk")
        validators = conditional.of_queryset(
            request, queryset, ("updated_at", "manufacturer__updated_at"))
        not_modified = validators.not_modified(request)
        if not_modified is not None:
            return not_modified
        # HEAD answers the headers without reading the register.
        lines = () if request.method == "HEAD" else self.write(queryset, request)
        response = StreamingHttpResponse(lines, content_type=self.media_type)
        filename = f"register-{timezone.localdate():%Y-%m-%d}.{self.extension}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return validators.apply(response)


def export_schema(summary, media_type, description):
    return extend_schema(
        summary=summary,
        tags=["exports"],
        description=EXPORT_DESCRIPTION,
        parameters=schema.parameters(),
        responses=schema.responses(OpenApiResponse({"type": "string"}, description=description),
                                   media_type=media_type),
    )


class JSONLinesExportView(ExportView):
    media_type = "application/jsonl; charset=utf-8"
    extension = "jsonl"

    @export_schema("The register as JSON Lines", "application/jsonl", (
        "One entry per line, each exactly as GET /api/v1/products/{registry_number}/ "
        "returns it."))
    def get(self, request):
        return super().get(request)

    write = staticmethod(exports.json_lines)


class CSVExportView(ExportView):
    media_type = "text/csv; charset=utf-8"
    extension = "csv"

    @export_schema("The register as CSV", "text/csv", (
        "UTF-8, comma-separated, a header row, then one row per entry. Lists (aliases, "
        "parameters, analogs, production chain, document links) are joined with '; '."))
    def get(self, request):
        return super().get(request)

    write = staticmethod(exports.csv_lines)
