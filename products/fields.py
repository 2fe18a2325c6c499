"""Form fields that look a row up by its slug (filters of the search page and the API, the
portal's category). A value with a NUL character is refused as an unknown choice before the
lookup: PostgreSQL cannot compare text holding one and would fail the query."""

import django_filters
from django import forms

from . import caching


def _refuse_nul(field, value):
    if isinstance(value, str) and "\x00" in value:
        raise forms.ValidationError(field.error_messages["invalid_choice"],
                                    code="invalid_choice", params={"value": ""})


class RefusesNul:
    """For a ModelChoiceField."""

    def to_python(self, value):
        _refuse_nul(self, value)
        return super().to_python(value)


class RefusesNulInAny:
    """For a ModelMultipleChoiceField."""

    def _check_values(self, value):
        for item in value or ():
            _refuse_nul(self, item)
        return super()._check_values(value)


class SlugChoiceField(RefusesNul, forms.ModelChoiceField):
    pass


class _SlugFilterField(RefusesNul, django_filters.fields.ModelChoiceField):
    def __init__(self, *args, kept=False, **kwargs):
        self.kept = kept
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        """With `kept`, the row found is kept with the catalogue's cached results (for rows
        every reader may see: the key is the value alone)."""
        if not self.kept or value in self.empty_values:
            return super().to_python(value)
        lookup = super().to_python
        label = self.queryset.model._meta.label
        return caching.cached(["choice", label, str(value)], lambda: lookup(value))


class _SlugsFilterField(RefusesNulInAny, django_filters.fields.ModelMultipleChoiceField):
    def clean(self, value):
        """Nothing chosen is an empty list, not the queryset's none(): the filter and the
        facets ask whether anything was chosen, and an empty queryset answers that by
        compiling its query (the manufacturers a user may see, with their subquery) on
        every list that does not filter by manufacturer."""
        if not self.required and not value:
            return []
        return super().clean(value)


class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = _SlugFilterField


class SlugMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = _SlugsFilterField
