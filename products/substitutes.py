"""Finding a domestic substitute for a foreign part, from any ordering code of it.

Engineers paste ordering codes from bills of materials (SN74HC164N, 74HC164D): the vendor
prefix and package suffix fall away in the family key, so they find what 74HC164 finds.
"""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, Value, When

from . import partnumbers
from .models import ForeignAnalog, ProductStatus

SAME_PART, SAME_FAMILY = "part", "family"


@dataclass(frozen=True)
class Substitute:
    analog: ForeignAnalog
    match: str  # SAME_PART: the analog names this very part; SAME_FAMILY: its family

    @property
    def product(self):
        return self.analog.product


def matching_analogs(part):
    """Declared analogs of `part`, best first: compatibility, then exact part, then number."""
    keys = partnumbers.PartKeys.of(part)
    if not keys.skeleton:
        return ForeignAnalog.objects.none()
    same_part = Q(key_skeleton=keys.skeleton)
    return (
        ForeignAnalog.objects.filter(same_part | Q(key_family=keys.family))
        .filter(product__status=ProductStatus.REGISTERED)
        .annotate(part_match=Case(When(same_part, then=Value(0)), default=Value(1),
                                  output_field=IntegerField()))
        .select_related("product__manufacturer", "product__category")
        .order_by("compatibility_rank", "part_match", "product__part_number", "pk")
    )


def find_substitutes(part, limit=None):
    analogs = matching_analogs(part)
    if limit is not None:
        analogs = analogs[:limit]
    return [Substitute(a, SAME_PART if a.part_match == 0 else SAME_FAMILY) for a in analogs]
