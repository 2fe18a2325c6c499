"""django-filter for the API, with the checks a form does not make.

Choices among rows that `restrict` guards are narrowed to what the user may see.
Date-times are handed to the database in UTC: an offset such as +16:21 is valid ISO 8601
but not to PostgreSQL, and 0001-01-01T00:00:00+14:00 has no UTC equivalent at all, which
is refused as a bad value instead of failing in the database.
"""

import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend

from .errors import InvalidQuery


class FilterBackend(DjangoFilterBackend):
    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            restrict_choices(filterset, request.user)
        return filterset

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


def restrict_choices(filterset, user):
    """Choices among restricted rows (manufacturers) are only those `user` may see, so a
    filter cannot tell whether a hidden manufacturer exists."""
    for name, filter_ in filterset.filters.items():
        choices = getattr(filter_, "queryset", None)
        if isinstance(choices, QuerySet) and hasattr(choices, "restrict"):
            filterset.filters[name].queryset = choices.restrict(user)


def in_utc(name, value):
    try:
        return value.astimezone(datetime.UTC)
    except (OverflowError, ValueError):
        raise InvalidQuery(name, _("The date and time is out of range."),
                           code="out_of_range") from None
