"""Classification codes of products: TN VED EAEU and OKPD2 / OKRB."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

TNVED_PATTERN = r"^[0-9]{10}$"
OKPD2_PATTERN = r"^[0-9]{2}(\.[0-9]{1,2}){0,2}(\.[0-9]{1,3})?$"

validate_tnved = RegexValidator(
    TNVED_PATTERN,
    _("A TN VED EAEU code has exactly 10 digits, without spaces (e.g. 8542310000)."),
    code="invalid_tnved",
)
validate_okpd2 = RegexValidator(
    OKPD2_PATTERN,
    _("An OKPD2 / OKRB code is written in groups separated by dots, e.g. 26.11.30.000."),
    code="invalid_okpd2",
)


def compact_tnved(value):
    """Drop the spaces customs documents put between groups (8542 31 900 0)."""
    return "".join((value or "").split())
