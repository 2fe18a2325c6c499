"""django-filter for the API, with the checks a form does not make.

Date-times are handed to the database in UTC: an offset such as +16:21 is valid ISO 8601
but not to PostgreSQL, and 0001-01-01T00:00:00+14:00 has no UTC equivalent at all, which
is refused as a bad value instead of failing in the database.
"""

import datetime

from django.utils.translation import gettext_lazy as _
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend

from .errors import InvalidQuery


class FilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise utils.translate_validation(filterset.errors)
        cleaned = filterset.form.cleaned_data
        for name, value in cleaned.items():
            if isinstance(value, datetime.datetime):
                cleaned[name] = in_utc(name, value)
        return filterset.qs


def in_utc(name, value):
    try:
        return value.astimezone(datetime.UTC)
    except (OverflowError, ValueError):
        raise InvalidQuery(name, _("The date and time is out of range."),
                           code="out_of_range") from None
