"""The query string of a request, checked before a view reads it.

Every endpoint names the parameters it accepts; anything else is refused with the list of
allowed ones, so a typo (`?manufacturers=`) is an error rather than an unfiltered answer.
"""

import re

from django.utils.translation import gettext_lazy as _
from rest_framework.settings import api_settings

from .errors import InvalidQuery, UnknownParameters

MAX_VALUES = 100
MAX_VALUE_LENGTH = 1000
WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")
TRUE_VALUES = {"true", "1", "yes", "on"}
FALSE_VALUES = {"false", "0", "no", "off"}


def check_query(query, allowed, multiple=()):
    """Refuse unknown names, repeated single values, blank values, NUL bytes and oversized
    queries."""
    unknown = set(query) - set(allowed)
    if unknown:
        raise UnknownParameters(unknown, allowed)
    if sum(len(values) for _name, values in query.lists()) > MAX_VALUES:
        raise InvalidQuery(api_settings.NON_FIELD_ERRORS_KEY, _(
            "The query has too many values (at most %(max)d).") % {"max": MAX_VALUES},
            code="too_many_values")
    for name, values in query.lists():
        if len(values) > 1 and name not in multiple:
            raise InvalidQuery(name, _("Give this parameter once."), code="repeated")
        for value in values:
            check_value(name, value)


def check_value(name, value):
    if not value.strip():
        raise InvalidQuery(name, _("Give a value or leave the parameter out."), code="blank")
    if "\x00" in value:
        raise InvalidQuery(name, _("Null characters are not allowed."), code="null_characters")
    if len(value) > MAX_VALUE_LENGTH:
        raise InvalidQuery(name, _("The value is too long (at most %(max)d characters).") % {
            "max": MAX_VALUE_LENGTH}, code="max_length")


def boolean(query, name, default=False):
    """A yes/no parameter: true/false, 1/0, yes/no, on/off."""
    value = query.get(name)
    if value is None:
        return default
    if value.strip().lower() in TRUE_VALUES:
        return True
    if value.strip().lower() in FALSE_VALUES:
        return False
    raise InvalidQuery(name, _("Use true or false."), code="invalid_choice")


def integer(query, name, default, minimum, maximum):
    """A whole number within [minimum, maximum]."""
    value = query.get(name)
    if value is None:
        return default
    if not WHOLE_NUMBER.fullmatch(value.strip()):
        raise InvalidQuery(name, _("Enter a whole number."), code="invalid")
    number = int(value)
    if number < minimum:
        raise InvalidQuery(name, _("Ensure this value is at least %(min)d.") % {
            "min": minimum}, code="min_value")
    if number > maximum:
        raise InvalidQuery(name, _("Ensure this value is at most %(max)d.") % {
            "max": maximum}, code="max_value")
    return number
