"""The API's front door: where each part of it is."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import conditional, schema
from ..links import absolute, api_url
from .base import PublicReadMixin

ENDPOINTS = {
    "products": "product-list",
    "manufacturers": "manufacturer-list",
    "categories": "category-list",
    "substitutes": "substitutes",
    "changes": "changes",
    "applications": "application-list",
    "webhooks": "webhook-list",
    "export_jsonl": "export-jsonl",
    "export_csv": "export-csv",
}


class RootView(PublicReadMixin, APIView):
    @extend_schema(
        summary="API root", operation_id="api_root", tags=["root"],
        description="Links to every part of the API, its schema and its documentation.",
        parameters=schema.parameters(last_modified=False),
        responses=schema.responses(inline_serializer("Root", {
            name: serializers.URLField() for name in [*ENDPOINTS, "schema", "docs"]})),
    )
    def get(self, request):
        data = {name: api_url(request, view) for name, view in ENDPOINTS.items()}
        data["schema"] = absolute(request, "/api/schema/")
        data["docs"] = absolute(request, "/api/docs/")
        validators = conditional.of_content(request, data)
        return validators.not_modified(request) or validators.apply(Response(data))
