"""One FilterSet for register entries: the search page's facets and the API's filters.

Besides the fixed filters, a request gets one filter per parameter in scope (see
parameter_filters): numbers as a range (`p.<key>.min`, `p.<key>.max`), choices, yes/no and
text as a list of values (`p.<key>`, repeated). Parameter keys are slugs, so the dotted
names never clash with the fixed ones. The form refuses, per name, what a field alone cannot
see: a parameter nothing in scope declares, a range upside down, a value no entry has.
"""

import copy

import django_filters
from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from manufacturers.models import Country, Manufacturer

from . import caching, parameter_filters, units
from .fields import SlugChoiceFilter, SlugMultipleChoiceFilter
from .models import Category, Product, ProductStatus
from .parameter_filters import PREFIX as PARAMETER_PREFIX
from .search import MAX_QUERY_LENGTH, PartNumberQuery, code_condition, search_entries

__all__ = ["DIMENSIONS", "PARAMETER_PREFIX", "ProductFilterSet"]

# Filters that are facets of the result set itself: counted from one grouped pass (facets.py).
DIMENSIONS = ("category", "manufacturer", "country", "status")
MAX_PARAMETER_VALUES = 20
# Parameter values are stored with 14 integer digits and 6 decimals at most.
NUMBER_LIMIT = 10**14
NUMBER_DIGITS = {"max_digits": 20, "decimal_places": 6}


def validate_code_prefix(value):
    if value and code_condition(value) is None:
        raise forms.ValidationError(
            _("Give an OKPD2 / OKRB code by its groups (26.11 or 26.11.30) or the first 4 to "
              "10 digits of a TN VED code (8542)."), code="invalid_code")


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


class QuantityField(forms.DecimalField):
    """A bound of a number parameter in its unit (80, 2,2), or in another unit of the same
    quantity ("500 kHz", "0,5 ГГц"), converted to the parameter's unit."""

    def __init__(self, *args, unit="", **kwargs):
        self.unit = unit
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values or not isinstance(value, str):
            return super().to_python(value)
        try:
            return self._converted(value)
        except units.UnitError as error:
            raise forms.ValidationError(
                _("“%(given)s” is not a unit of this parameter: give the bound in %(unit)s or "
                  "in another unit of the same quantity."),
                code="invalid_unit",
                params={"given": str(error), "unit": units.shown(self.unit)}) from error
        except (ValueError, ArithmeticError) as error:  # no number, or one beyond any context
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") \
                from error

    def _converted(self, value):
        if len(value) > 60:
            raise ValueError(value)
        number, given = units.split_quantity(value)
        if given is None or given == self.unit:
            return number
        number = units.convert(number, given, self.unit)
        # Validators refuse a bound beyond the limit; a converted one within it keeps the
        # places values keep (1 Hz is 0.000001 MHz; 0.1 Hz is no bound a MHz value can tell).
        return number.quantize(units.PLACES) if abs(number) < NUMBER_LIMIT else number


class QuantityFilter(django_filters.NumberFilter):
    field_class = QuantityField


class EntryFilterForm(forms.Form):
    """The filters' form, with the checks of parameter filters that need all of them."""

    filterset = None  # the FilterSet whose form this is

    def clean(self):
        cleaned = super().clean()
        if self.filterset is not None:
            for name, error in self.filterset.parameter_errors(cleaned):
                self.refuse(name, error)
        return cleaned

    def refuse(self, name, error):
        """An error under `name`, also for a parameter name that has no field."""
        if name in self.fields:
            self.add_error(name, error)
            return
        errors = self._errors.setdefault(name, self.error_class(renderer=self.renderer))
        errors.extend(error.error_list)


def _copied(filter_):
    """A filter for one FilterSet: its own attributes and options, sharing their values.
    Its form field is built anew (the choices are narrowed per user), and a filter by a
    method calls the method of its own FilterSet."""
    copied = copy.copy(filter_)
    copied.__dict__.pop("_field", None)
    copied.extra = dict(filter_.extra)
    if isinstance(filter_.__dict__.get("filter"), django_filters.filters.FilterMethod):
        copied.filter = django_filters.filters.FilterMethod(copied)
    return copied


class _Filters(dict):
    """The declared filters, copied one level deep for each FilterSet: django-filter's deep
    copy went down into every choice queryset's query, a millisecond of every list."""

    def __deepcopy__(self, memo):
        return {name: _copied(filter_) for name, filter_ in self.items()}


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
        label=_("Category (with subcategories)"), kept=True,
    )
    country = django_filters.MultipleChoiceFilter(
        field_name="manufacturer__country", choices=Country.choices, label=_("Country"),
        distinct=False,
    )
    status = django_filters.MultipleChoiceFilter(
        method="filter_status", choices=ProductStatus.choices, label=_("Status"),
        distinct=False,
    )
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label=_("Changed since (ISO 8601)"),
    )
    code = django_filters.CharFilter(
        method="filter_code", max_length=16, validators=[validate_code_prefix],
        label=_("OKPD2 or TN VED code, or its first groups (26.11, 8542)"),
    )

    class Meta:
        model = Product
        form = EntryFilterForm
        fields = ["q", "part_number", "manufacturer", "category", "country", "status",
                  "updated_since", "code"]

    @classmethod
    def get_filters(cls):
        return _Filters(super().get_filters())

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.requested_parameters = parameter_filters.requested(self.data)
        self.parameter_scope, templates = self._parameter_templates()
        self.parameters = parameter_filters.grouped(templates)
        for parameter in self.parameters:
            self.filters.update(self._parameter_filters(parameter))

    def _parameter_templates(self):
        """(category or None, templates in scope); (False, []) when the category is not one
        (the category filter says so, and no parameter can be checked against it)."""
        keys = parameter_filters.requested_keys(self.data)
        slug = self.data.get("category") if self.data is not None else None
        if slug is None:
            return None, parameter_filters.templates_in_scope(None, keys)
        if not isinstance(slug, str) or not slug or len(slug) > 60 or "\x00" in slug:
            return False, []  # PostgreSQL cannot compare a NUL; the category filter refuses it
        # Two queries of the catalogue for every filtered list: kept until it changes.
        return caching.cached(["parameter-scope", slug, keys],
                              lambda: self._category_templates(slug, keys))

    @staticmethod
    def _category_templates(slug, keys):
        category = Category.objects.filter(slug=slug).first()
        if category is None:
            return False, []
        return category, parameter_filters.templates_in_scope(category, keys)

    def _parameter_filters(self, parameter):
        names = parameter.names
        template = parameter.template
        if parameter.is_range:
            def from_low(queryset, name, value):
                return self.filter_range(queryset, parameter)

            def from_high(queryset, name, value):
                return self.filter_range(queryset, parameter, upper=True)

            bounds = {"min_value": -NUMBER_LIMIT, "max_value": NUMBER_LIMIT, **NUMBER_DIGITS}
            return {
                names[0]: QuantityFilter(
                    method=from_low, unit=template.unit, label=_("%(name)s, from") % {
                        "name": template.name}, **bounds),
                names[1]: QuantityFilter(
                    method=from_high, unit=template.unit, label=_("%(name)s, to") % {
                        "name": template.name}, **bounds),
            }

        def filter_values(queryset, name, values):
            return parameter_filters.one_of(queryset, parameter, values)

        return {names[0]: ValuesFilter(method=filter_values, label=template.name)}

    @property
    def form(self):
        """One form of the filters' own fields. Each FilterSet's filters build their fields
        afresh, so the form takes them as they are (django-filter made a form class for each
        FilterSet, whose form then deep-copied the fields once more)."""
        if not hasattr(self, "_form"):
            form = self._meta.form(self.data if self.is_bound else None,
                                   prefix=self.form_prefix)
            form.fields = {name: filter_.field for name, filter_ in self.filters.items()}
            form.filterset = self
            self._form = form
        return self._form

    @property
    def parameter_filter_names(self):
        return [name for parameter in self.parameters for name in parameter.names]

    def parameter_errors(self, cleaned):
        """(name, error) for each parameter filter the form's fields cannot judge alone."""
        if self.parameter_scope is not False:
            for name, (key, _bound) in self.requested_parameters.items():
                if name not in self.filters:
                    yield name, parameter_filters.unknown_name_error(
                        name, key, self.parameter_scope, self.parameters)
        chosen = {}
        for parameter in self.parameters:
            if parameter.is_range:
                low, high = (cleaned.get(name) for name in parameter.names)
                error = parameter_filters.range_error(parameter, low, high)
                if error is not None:
                    yield parameter.names[1], error
            elif cleaned.get(parameter.names[0]):
                chosen[parameter] = cleaned[parameter.names[0]]
        for parameter, error in parameter_filters.value_errors(chosen).items():
            yield parameter.names[0], error

    def filter_range(self, queryset, parameter, upper=False):
        """Both bounds of a range on the same value, applied once: by the filter of the
        lower bound, or by that of the upper one when no lower bound is given."""
        low, high = (self.form.cleaned_data.get(n) for n in parameter.names)
        if upper and low is not None:
            return queryset
        return parameter_filters.within(queryset, parameter, low, high)

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

    def filter_status(self, queryset, name, value):
        """By the status as it is today: `registered` leaves out entries past their term,
        `expired` takes them in whether or not their expiry has been recorded."""
        return queryset.in_status(*value) if value else queryset

    def filter_category(self, queryset, name, value):
        return queryset.in_category(value) if value else queryset

    def filter_code(self, queryset, name, value):
        return queryset.filter(code_condition(value)) if value else queryset

