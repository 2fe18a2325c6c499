"""Finding entries by part number: exact first, then family, then prefix, then contains.

A query is reduced to the keys of `partnumbers`; an entry matches when its own part number
or one of its other spellings (aliases) shares a key at some tier. The tier becomes the
`match_rank` annotation (5 exact … 1 contains) that result pages sort by.
"""

from dataclasses import dataclass

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When

from . import partnumbers
from .models import PartAlias

EXACT, SKELETON, FAMILY, PREFIX, CONTAINS = 5, 4, 3, 2, 1
MIN_CONTAINS_LENGTH = 3
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class PartNumberQuery:
    text: str

    @property
    def keys(self):
        return partnumbers.PartKeys.of(self.text)

    def is_empty(self):
        return not self.keys.skeleton

    def _exact(self):
        spellings = sorted(self.keys.exact)
        return Q(key_lookalike__in=spellings) | Q(key_translit__in=spellings)

    def _skeleton(self):
        return Q(key_skeleton=self.keys.skeleton)

    def _family(self):
        return Q(key_family=self.keys.family)

    def _prefix(self):
        return Q(key_skeleton__startswith=self.keys.skeleton)

    def _contains(self):
        return Q(key_skeleton__contains=self.keys.skeleton)

    def tiers(self):
        """(rank, condition) pairs, best first; contains only for queries long enough."""
        tiers = [(EXACT, self._exact()), (SKELETON, self._skeleton()),
                 (FAMILY, self._family()), (PREFIX, self._prefix())]
        if len(self.keys.skeleton) >= MIN_CONTAINS_LENGTH:
            tiers.append((CONTAINS, self._contains()))
        return tiers

    def _alias_exists(self, condition):
        return Exists(PartAlias.objects.filter(condition, product=OuterRef("pk")))

    def condition(self, tiers=None):
        """One WHERE condition over entries and their aliases, without joining rows."""
        combined = Q()
        for _rank, condition in tiers or self.tiers():
            combined |= condition | Q(self._alias_exists(condition))
        return combined

    def rank(self, tiers=None):
        whens = [
            When(condition | Q(self._alias_exists(condition)), then=Value(rank))
            for rank, condition in tiers or self.tiers()
        ]
        return Case(*whens, default=Value(0), output_field=IntegerField())

    def apply(self, queryset, min_rank=CONTAINS):
        """Entries matching at `min_rank` or better, annotated with `match_rank`."""
        if self.is_empty():
            return queryset.none().annotate(match_rank=Value(0, output_field=IntegerField()))
        tiers = [(rank, cond) for rank, cond in self.tiers() if rank >= min_rank]
        return queryset.filter(self.condition(tiers)).annotate(match_rank=self.rank(tiers))


def search_entries(queryset, text):
    """Entries matching `text` as a part number or in their names and descriptions.

    Annotates `match_rank` (part-number tier, 0 for a text-only match) so that pages can
    put the best part-number matches first.
    """
    text = (text or "").strip()[:MAX_QUERY_LENGTH]
    if not text:
        return queryset.annotate(match_rank=Value(0, output_field=IntegerField()))
    by_part = PartNumberQuery(text)
    words = Q()
    for field in ("name_ru", "name_en", "description_ru", "description_en"):
        words |= Q(**{f"{field}__icontains": text})
    condition = words
    if not by_part.is_empty():
        condition |= by_part.condition()
    return queryset.filter(condition).annotate(
        match_rank=by_part.rank() if not by_part.is_empty() else Value(
            0, output_field=IntegerField()))
