"""The FilterSet of manufacturers: by country, by name or identifier, by change date."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Country, Manufacturer

NAME_FIELDS = ("name_ru", "name_en", "short_name_ru", "short_name_en", "slug")
IDENTIFIER_FIELDS = ("unp", "inn", "ogrn")


class ManufacturerFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", max_length=100,
                                  label=_("Name, short name, slug, UNP, INN or OGRN"))
    country = django_filters.MultipleChoiceFilter(choices=Country.choices, label=_("Country"))
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label=_("Changed since (ISO 8601)"),
    )

    class Meta:
        model = Manufacturer
        fields = ["q", "country", "updated_since"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        words = Q()
        for field in NAME_FIELDS:
            words |= Q(**{f"{field}__icontains": value})
        if value.isdigit():  # an identifier is typed whole or by its first digits
            for field in IDENTIFIER_FIELDS:
                words |= Q(**{f"{field}__startswith": value})
        return queryset.filter(words)
