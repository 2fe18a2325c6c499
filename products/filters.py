"""One FilterSet for register entries: the search page's facets and the API's filters."""

import django_filters
from django.utils.translation import gettext_lazy as _

from manufacturers.models import Country, Manufacturer

from .models import Category, Product, ProductStatus
from .search import PartNumberQuery, search_entries


class ProductFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q", max_length=200,
        label=_("Part number, name or description"),
    )
    part_number = django_filters.CharFilter(
        method="filter_part_number", max_length=100,
        label=_("Part number in any spelling"),
    )
    manufacturer = django_filters.ModelMultipleChoiceFilter(
        field_name="manufacturer__slug", to_field_name="slug",
        queryset=Manufacturer.objects.all(), label=_("Manufacturer"),
    )
    category = django_filters.ModelChoiceFilter(
        method="filter_category", to_field_name="slug", queryset=Category.objects.all(),
        label=_("Category (with subcategories)"),
    )
    country = django_filters.MultipleChoiceFilter(
        field_name="manufacturer__country", choices=Country.choices, label=_("Country"),
    )
    status = django_filters.MultipleChoiceFilter(
        choices=ProductStatus.choices, label=_("Status"),
    )
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label=_("Changed since (ISO 8601)"),
    )

    class Meta:
        model = Product
        fields = ["q", "part_number", "manufacturer", "category", "country", "status",
                  "updated_since"]

    def filter_q(self, queryset, name, value):
        return search_entries(queryset, value)

    def filter_part_number(self, queryset, name, value):
        return PartNumberQuery(value).apply(queryset)

    def filter_category(self, queryset, name, value):
        return queryset.in_category(value) if value else queryset
