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


def best_per_product(substitutes):
    """Each product once, with its best-ranked declared analog (the list is ordered)."""
    seen, kept = set(), []
    for substitute in substitutes:
        if substitute.analog.product_id not in seen:
            seen.add(substitute.analog.product_id)
            kept.append(substitute)
    return kept


# Distinct parts looked up per query in a batch: keeps IN lists within every backend's limits.
BATCH = 1000


def find_substitutes_for_many(parts):
    """{part: [Substitute…]} for many parts at once (a bill of materials), a query per BATCH.

    Same rules and order as find_substitutes, each product once per part.
    """
    keys = {part: partnumbers.PartKeys.of(part) for part in set(parts)}
    found = {part: [] for part in keys}
    wanted = [(part, k) for part, k in keys.items() if k.skeleton]
    for start in range(0, len(wanted), BATCH):
        batch = wanted[start:start + BATCH]
        by_skeleton, by_family = {}, {}
        for analog in _analogs_of(batch):
            by_skeleton.setdefault(analog.key_skeleton, []).append(analog)
            by_family.setdefault(analog.key_family, []).append(analog)
        for part, k in batch:
            candidates = {a.pk: a for a in by_skeleton.get(k.skeleton, [])
                          + by_family.get(k.family, [])}
            ranked = sorted(candidates.values(), key=lambda a, k=k: (
                a.compatibility_rank, a.key_skeleton != k.skeleton, a.product.part_number,
                a.pk))
            found[part] = best_per_product(
                Substitute(a, SAME_PART if a.key_skeleton == k.skeleton else SAME_FAMILY)
                for a in ranked)
    return found


def _analogs_of(batch):
    skeletons = {k.skeleton for _part, k in batch}
    families = {k.family for _part, k in batch}
    return (
        ForeignAnalog.objects.filter(Q(key_skeleton__in=skeletons) | Q(key_family__in=families))
        .filter(product__status=ProductStatus.REGISTERED)
        .select_related("product__manufacturer", "product__category")
    )
