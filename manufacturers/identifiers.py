"""State identifiers of organisations: Belarusian UNP, Russian INN and OGRN.

Check digits come from python-stdnum; these wrappers turn its exceptions into Django
ValidationErrors with messages that say which identifier is wrong and how.
"""

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.by import unp
from stdnum.ru import inn, ogrn

# Only legal entities are admitted as manufacturers: 10-digit INN, 13-digit OGRN, 9-digit UNP.
_RULES = {
    "unp": (unp, 9, _("UNP")),
    "inn": (inn, 10, _("INN")),
    "ogrn": (ogrn, 13, _("OGRN")),
}


def compact(kind, value):
    """The identifier without spaces and dashes, upper-cased (UNP of individuals has letters)."""
    module = _RULES[kind][0]
    return module.compact(value or "").upper()


@deconstructible
class IdentifierValidator:
    """Checks length, digits and the check digit of one kind of identifier."""

    def __init__(self, kind):
        self.kind = kind

    def __call__(self, value):
        module, length, label = _RULES[self.kind]
        number = compact(self.kind, value)
        if len(number) != length or not number.isdigit():
            raise ValidationError(
                _("%(label)s of an organisation must have %(length)d digits."),
                code="invalid_length",
                params={"label": label, "length": length},
            )
        try:
            module.validate(number)
        except stdnum_errors.InvalidChecksum:
            raise ValidationError(
                _("%(label)s %(value)s has a wrong check digit."),
                code="invalid_checksum",
                params={"label": label, "value": number},
            ) from None
        except stdnum_errors.ValidationError:
            raise ValidationError(
                _("%(label)s %(value)s is not a valid number."),
                code="invalid",
                params={"label": label, "value": number},
            ) from None

    def __eq__(self, other):
        return isinstance(other, IdentifierValidator) and other.kind == self.kind


validate_unp = IdentifierValidator("unp")
validate_inn = IdentifierValidator("inn")
validate_ogrn = IdentifierValidator("ogrn")
