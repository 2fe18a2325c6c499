"""Register entries: the filtered, cursor-paginated list and one entry."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from products import parameter_filters
from products.filters import ProductFilterSet
from products.models.entries import REGISTRY_NUMBER_PATTERN

from .. import narrowing, public, schema
from ..filtering import FilterBackend
from ..ordering import KeysetOrderingFilter
from ..pagination import KeysetPagination
from ..serializers.products import ProductSerializer
from .base import PublicReadMixin
from .conditional import ConditionalReadMixin

NARROWING = (narrowing.BRIEF, narrowing.FIELDS)


@extend_schema_view(
    list=extend_schema(
        summary="Register entries",
        description=(
            "Entries of the register, filtered and cursor-paginated. Follow `next` to walk "
            "the list: pages stay exact while entries are added or changed. A search by `q` "
            "or `part_number` sorts the best part-number matches first unless `ordering` "
            "is given. To mirror the register, walk `?ordering=updated_at&updated_since=…`."
        ),
        parameters=schema.parameters(schema.PARAMETER_FILTERS,
                                     *narrowing.parameters(ProductSerializer)),
        responses=schema.responses(ProductSerializer(many=True)),
    ),
    retrieve=extend_schema(
        summary="One register entry",
        parameters=schema.parameters(*narrowing.parameters(ProductSerializer)),
        responses=schema.responses(ProductSerializer, not_found=True),
    ),
)
class ProductViewSet(ConditionalReadMixin, PublicReadMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ProductSerializer
    filterset_class = ProductFilterSet
    filter_backends = [FilterBackend, KeysetOrderingFilter]
    ordering_fields = ("registry_number", "part_number", "registered_at", "updated_at")
    ordering = ("registry_number",)
    pagination_class = KeysetPagination
    lookup_field = "registry_number"
    lookup_value_regex = REGISTRY_NUMBER_PATTERN.strip("^$")
    timestamps = ("updated_at", "manufacturer__updated_at")
    extra_parameters = {"list": NARROWING, "retrieve": NARROWING}
    not_found_message = _("No public register entry has this registry number.")

    def query_parameters(self):
        """Parameter filters are named after the parameters in scope: the FilterSet checks
        them (an unknown one is refused there, with the reason)."""
        allowed, multiple = super().query_parameters()
        if self.action in self.list_actions:
            named = parameter_filters.requested(self.request.query_params)
            allowed |= set(named)
            multiple |= {name for name, (_key, bound) in named.items() if bound is None}
        return allowed, multiple

    def get_queryset(self):
        return public.products(self.request.user)

    def load(self, queryset):
        return ProductSerializer.load(queryset, self.chosen())
