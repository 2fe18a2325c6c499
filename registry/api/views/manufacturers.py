"""Manufacturers: the list (admitted ones for the public) and one manufacturer."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from products.directory import DirectoryFilterSet

from .. import narrowing, public, schema
from ..filtering import FilterBackend
from ..ordering import KeysetOrderingFilter
from ..pagination import KeysetPagination
from ..serializers.manufacturers import ManufacturerSerializer
from .base import PublicReadMixin
from .conditional import ConditionalReadMixin

NARROWING = (narrowing.BRIEF, narrowing.FIELDS)


@extend_schema_view(
    list=extend_schema(
        summary="Manufacturers",
        description="Manufacturers admitted to the register, cursor-paginated.",
        parameters=schema.parameters(*narrowing.parameters(ManufacturerSerializer)),
        responses=schema.responses(ManufacturerSerializer(many=True)),
    ),
    retrieve=extend_schema(
        summary="One manufacturer",
        parameters=schema.parameters(*narrowing.parameters(ManufacturerSerializer)),
        responses=schema.responses(ManufacturerSerializer, not_found=True),
    ),
)
class ManufacturerViewSet(ConditionalReadMixin, PublicReadMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ManufacturerSerializer
    filterset_class = DirectoryFilterSet
    filter_backends = [FilterBackend, KeysetOrderingFilter]
    ordering_fields = ("slug", "short_name_ru", "updated_at")
    ordering = ("slug",)
    pagination_class = KeysetPagination
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    extra_parameters = {"list": NARROWING, "retrieve": NARROWING}
    not_found_message = _("No public manufacturer has this slug.")

    def get_queryset(self):
        return public.manufacturers(self.request.user)
