"""One FilterSet for register entries: the search page's facets and the API's filters.

Besides the fixed filters, a request that names a category gets one filter per parameter
the category declares: numbers as a range (`p.<key>.min`, `p.<key>.max`), choices and text
as a list of values (`p.<key>`, repeated). Parameter keys are slugs, so the dotted names
never clash with the fixed ones.
"""

import django_filters
from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from manufacturers.models import Country, Manufacturer

from .fields import SlugChoiceFilter, SlugMultipleChoiceFilter
from .models import Category, ParameterTemplate, Product, ProductParameter, ProductStatus
from .search import MAX_QUERY_LENGTH, PartNumberQuery, search_entries

# Filters that are facets of the result set itself: counted from one grouped pass (facets.py).
DIMENSIONS = ("category", "manufacturer", "country", "status")
PARAMETER_PREFIX = "p."
MAX_PARAMETER_VALUES = 20
# Parameter values are stored with 14 integer digits at most.
NUMBER_LIMIT = 10**14


class ValuesField(forms.Field):
    """Several short text values from a repeated query parameter."""

    widget = forms.MultipleHiddenInput
    default_validators = [ProhibitNullCharactersValidator()]

    def to_python(self, value):
        values = [str(v).strip() for v in (value or []) if str(v).strip()]
        if len(values) > MAX_PARAMETER_VALUES or any(len(v) > 300 for v in values):
            raise forms.ValidationError(_("Too many or too long values."), code="too_many")
        return values

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def run_validators(self, value):
        for item in value or []:
            super().run_validators(item)


class ValuesFilter(django_filters.Filter):
    field_class = ValuesField


def parameter_filter_names(template):
    key = f"{PARAMETER_PREFIX}{template.key}"
    if template.kind == ParameterTemplate.Kind.NUMBER:
        return [f"{key}.min", f"{key}.max"]
    return [key]


def _parameter_exists(template_ids, **lookups):
    return Exists(ProductParameter.objects.filter(
        product=OuterRef("pk"), template__in=template_ids, **lookups))


class ProductFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q", max_length=MAX_QUERY_LENGTH,
        label=_("Part number, name or description"),
    )
    part_number = django_filters.CharFilter(
        method="filter_part_number", max_length=100,
        label=_("Part number in any spelling"),
    )
    # distinct=False: these follow to-one relations only, so rows cannot repeat, and a
    # DISTINCT over every column would keep the database from reading an index in order.
    manufacturer = SlugMultipleChoiceFilter(
        field_name="manufacturer__slug", to_field_name="slug", distinct=False,
        queryset=Manufacturer.objects.all(), label=_("Manufacturer"),
    )
    category = SlugChoiceFilter(
        method="filter_category", to_field_name="slug", queryset=Category.objects.all(),
        label=_("Category (with subcategories)"),
    )
    country = django_filters.MultipleChoiceFilter(
        field_name="manufacturer__country", choices=Country.choices, label=_("Country"),
        distinct=False,
    )
    status = django_filters.MultipleChoiceFilter(
        choices=ProductStatus.choices, label=_("Status"), distinct=False,
    )
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label=_("Changed since (ISO 8601)"),
    )

    class Meta:
        model = Product
        fields = ["q", "part_number", "manufacturer", "category", "country", "status",
                  "updated_since"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.parameter_templates = self._declared_parameters()
        for template in self.parameter_templates:
            self.filters.update(self._parameter_filters(template))

    def _declared_parameters(self):
        """The parameter templates of the requested category (and its ancestors)."""
        slug = (self.data or {}).get("category") if self.data is not None else None
        if not isinstance(slug, str) or not slug or len(slug) > 60 or "\x00" in slug:
            return []  # PostgreSQL cannot compare a NUL; the category filter refuses it
        category = Category.objects.filter(slug=slug).first()
        return list(category.parameter_templates()) if category else []

    def _parameter_filters(self, template):
        same_key = [t.pk for t in self.parameter_templates if t.key == template.key]
        names = parameter_filter_names(template)
        if template.kind == ParameterTemplate.Kind.NUMBER:
            def at_least(queryset, name, value):
                return queryset.filter(_parameter_exists(same_key, value_numeric__gte=value))

            def at_most(queryset, name, value):
                return queryset.filter(_parameter_exists(same_key, value_numeric__lte=value))

            bounds = {"min_value": -NUMBER_LIMIT, "max_value": NUMBER_LIMIT}
            return {
                names[0]: django_filters.NumberFilter(
                    method=at_least, label=_("%(name)s, from") % {"name": template.name},
                    **bounds),
                names[1]: django_filters.NumberFilter(
                    method=at_most, label=_("%(name)s, to") % {"name": template.name},
                    **bounds),
            }

        def one_of(queryset, name, values):
            if not values:
                return queryset
            return queryset.filter(_parameter_exists(same_key, value__in=values))

        return {names[0]: ValuesFilter(method=one_of, label=template.name)}

    @property
    def parameter_filter_names(self):
        return [name for t in self.parameter_templates for name in parameter_filter_names(t)]

    def filter_queryset(self, queryset, exclude=()):
        """The queryset with every valid filter applied except those named in `exclude`."""
        for name, value in self.form.cleaned_data.items():
            if name not in exclude:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def row_filtered(self, queryset):
        """Filtered by everything except the dimensions counted as facets."""
        return self.filter_queryset(queryset, exclude=DIMENSIONS)

    def has_row_filters(self):
        return any(value not in (None, "", [])
                   for name, value in self.form.cleaned_data.items() if name not in DIMENSIONS)

    def filter_q(self, queryset, name, value):
        return search_entries(queryset, value)

    def filter_part_number(self, queryset, name, value):
        return PartNumberQuery(value).apply(queryset)

    def filter_category(self, queryset, name, value):
        return queryset.in_category(value) if value else queryset

