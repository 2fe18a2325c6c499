"""Register entries: the filtered, cursor-paginated list and one entry."""

from django.db.models import F
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from products import parameter_filters
from products.filters import ProductFilterSet
from products.models.entries import REGISTRY_NUMBER_PATTERN

from .. import conditional, narrowing, public, schema, stored
from ..filtering import FilterBackend
from ..ordering import KeysetOrderingFilter
from ..pagination import Keyset, KeysetPagination
from ..serializers.products import ProductSerializer
from .base import PublicReadMixin
from .conditional import ConditionalReadMixin

NARROWING = (narrowing.BRIEF, narrowing.FIELDS)
# A page of the full form reads its rows as named tuples of what the cursor and the
# validators need (no model instances: the documents carry the rest).
PAGE_TIMESTAMPS = ("updated_at", "maker_updated_at")


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

    # The full form is read from the stored documents (registry.api.stored) where they are
    # current; ?fields= and ?brief= are built by the serializer.

    def retrieve(self, request, *args, **kwargs):
        if self.chosen() is not None:
            return super().retrieve(request, *args, **kwargs)
        number = kwargs[self.lookup_field]
        if request.user.is_authenticated:  # a token's or a session's: may see more
            row = stored.detail_row(self.by_number(number), get_language())
        else:  # no queryset built: the public's query is compiled once
            row = stored.public_detail_row(number, get_language())
        if row is None:
            raise NotFound(self.not_found_message)
        pk, stamps, body = row
        validators = conditional.of_row(request, pk, *stamps)
        not_modified = validators.not_modified(request)
        if not_modified is not None:
            return not_modified
        if body is not None:
            return validators.apply(stored.response(stored.rebase(body, request)))
        instance = self.load(self.by_number(number)).get()
        return validators.apply(Response(self.get_serializer(instance).data))

    def by_number(self, number):
        return self.get_queryset().filter(registry_number=number)

    def list(self, request, *args, **kwargs):
        if self.chosen() is not None:
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        self.paginator.check_query(request, queryset)
        page = self.paginate_queryset(page_rows(queryset))
        validators = conditional.of_page(request, page, PAGE_TIMESTAMPS, self.paginator.next,
                                         self.paginator.previous)
        not_modified = validators.not_modified(request)
        if not_modified is not None:
            return not_modified
        texts = stored.current_bodies([row.pk for row in page], get_language())
        missing = [row.pk for row in page if row.pk not in texts]
        if missing:  # built by the serializer from whole rows, read again with their parts
            serializer = self.get_serializer()
            for product in self.load(self.get_queryset().filter(pk__in=missing)):
                texts[product.pk] = stored.body_of(
                    serializer.to_representation(product)).encode()
        text = stored.page_text(self.paginator.next, self.paginator.previous,
                               [texts[row.pk] for row in page])
        # The stored texts' links moved to the client's address in one pass over the page.
        return validators.apply(stored.response(stored.rebase(text, request)))


def page_rows(queryset):
    """The filtered entries as rows of their key, ordering values and timestamps, with the
    feed's newest event; their documents are read afterwards for the page alone (joined to
    the page's query, PostgreSQL read a document for every match before choosing the page)."""
    ordering = [name for name, _desc in Keyset.of(queryset).fields]
    stamps = {"maker_updated_at": F("manufacturer__updated_at"),
              "newest_change": conditional.newest_change()}
    return queryset.annotate(**stamps).values_list(
        *dict.fromkeys(["pk", *ordering, "updated_at", *stamps]), named=True)
