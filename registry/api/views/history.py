"""An entry's public history: its field-level changes, oldest first."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView

from products.models import Product

from ...feed.reading import public_history
from .. import conditional, public, schema
from ..pagination import KeysetPagination
from ..serializers.changes import HistoryEventSerializer
from .base import PublicReadMixin


class ProductHistoryView(PublicReadMixin, GenericAPIView):
    serializer_class = HistoryEventSerializer
    pagination_class = KeysetPagination
    queryset = Product.objects.none()  # describes the path's registry_number in the schema

    @extend_schema(
        summary="History of an entry",
        description=(
            "Every change of the entry, oldest first: inclusion, amendments, corrections, "
            "suspension, reinstatement, exclusion — when, which application (if any), the "
            "registrar's comment, and each public field before and after. The same events "
            "are in the change feed, with the same ids."),
        parameters=schema.parameters(),
        responses=schema.responses(HistoryEventSerializer(many=True), not_found=True),
    )
    def get(self, request, registry_number):
        entry = public.products(request.user).filter(registry_number=registry_number) \
            .values_list("pk", flat=True).first()
        if entry is None:
            raise NotFound(_("No public register entry has this registry number."))
        events = public_history(entry)
        self.paginator.check_query(request, events)
        validators = conditional.of_queryset(request, events, ("occurred_at",))
        not_modified = validators.not_modified(request)
        if not_modified is not None:
            return not_modified
        page = self.paginate_queryset(events)
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        return validators.apply(response)
