"""Finding entries by part number: exact first, then family, then prefix, then contains.

A query is reduced to the keys of `partnumbers`; an entry matches when its own part number
or one of its other spellings (aliases) shares a key at some tier. The tier becomes the
`match_rank` annotation (5 exact … 1 contains) that result pages sort by.

Matching is written as a UNION of id lists, one per table, each served by its own indexes
(btree for equality, varchar_pattern_ops for prefixes, trigram GIN for "contains" on
PostgreSQL), so a million entries are never scanned to find a handful.
"""

import difflib
import re
from dataclasses import dataclass
from functools import cached_property
from itertools import chain

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection, router
from django.db.models import Case, FloatField, IntegerField, Q, QuerySet, Value, When

from . import caching, compiled, lookups, partnumbers, textsearch
from .models import PartAlias, Product

EXACT, SKELETON, FAMILY, PREFIX, CONTAINS = 5, 4, 3, 2, 1
# The most candidates a query hands to ranking and facet counting (one more marks "partial").
CANDIDATE_CAP = 10_000
MIN_CONTAINS_LENGTH = 3
MAX_QUERY_LENGTH = 200
SUGGESTIONS = 5
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_REGISTRY_NUMBER = re.compile(r"^[A-Z]{1,10}-\d{4}-\d{6}$")


def clean_query(text: object) -> str:
    """The query as searched: no control characters, trimmed, at most MAX_QUERY_LENGTH."""
    return _CONTROL.sub(" ", str(text or "")).strip()[:MAX_QUERY_LENGTH]


def tiers_of(spellings, skeleton, family, contains=True):
    """(rank, condition) pairs of a query's keys, best first."""
    tiers = [(EXACT, Q(key_lookalike__in=spellings) | Q(key_translit__in=spellings)),
             (SKELETON, Q(key_skeleton=skeleton)),
             (FAMILY, Q(key_family=family)),
             (PREFIX, Q(key_skeleton__startswith=skeleton))]
    if contains:
        tiers.append((CONTAINS, Q(key_skeleton__contains=skeleton)))
    return tiers


def sources_of(tiers):
    """[(rank, ids)]: per tier, entries whose own part number or an alias matches."""
    result = []
    for rank, condition in tiers:
        result.append((rank, Product.objects.filter(condition).order_by().values("pk")))
        result.append((rank, PartAlias.objects.filter(condition).order_by()
                       .values("product_id")))
    return result


@dataclass(frozen=True)
class PartNumberQuery:
    text: str

    @cached_property
    def keys(self) -> partnumbers.PartKeys:
        return partnumbers.PartKeys.of(self.text)

    def is_empty(self) -> bool:
        return not self.keys.skeleton

    def tiers(self):
        """(rank, condition) pairs, best first; contains only for queries long enough."""
        return tiers_of(sorted(self.keys.exact), self.keys.skeleton, self.keys.family,
                        len(self.keys.skeleton) >= MIN_CONTAINS_LENGTH)

    def sources(self):
        return sources_of(self.tiers())

    def condition(self):
        """One WHERE condition over entries and their aliases (a subquery, for the admin)."""
        ids = [ids for _rank, ids in self.sources()]
        return Q(pk__in=ids[0].union(*ids[1:]))

    def apply(self, queryset, min_rank=CONTAINS):
        """Entries matching at `min_rank` or better, annotated with `match_rank`."""
        if self.is_empty():
            return queryset.none().annotate(match_rank=Value(0, output_field=IntegerField()))
        return self.candidates(min_rank).apply(queryset)

    def candidates(self, min_rank=CONTAINS):
        """The entries matching at `min_rank` or better."""
        return Candidates(Candidates.best_of(self.candidate_rows(min_rank)))

    def candidate_rows(self, min_rank=CONTAINS):
        """(id, tier) rows of the UNION of sources(), by SQL compiled once per shape."""
        keys = self.keys
        spellings = sorted(keys.exact)  # one or two: the one is given twice
        shape = (len(keys.skeleton) >= MIN_CONTAINS_LENGTH, min_rank)
        values = (spellings[0], spellings[-1], keys.skeleton, keys.family)
        return PART_CANDIDATES.rows(shape, values, router.db_for_read(Product))


class Candidates:
    """The entries a query can show, fetched first as a list of ids with their best tier.

    Every source (tiers of own part numbers and aliases, a registry number, the words), each
    capped, is read into Python in a UNION ALL or two; the page query then filters on that
    exact list. The planner thus knows how few rows it will join instead of guessing from
    the caps (it scanned the table when it guessed), and ranking never looks past the
    candidates.
    """

    PER_TIER = 1_000  # part-number matches past this many are not worth ranking

    def __init__(self, best):
        self.best = best  # {id: best part-number tier, 0 for a match in the words only}

    @classmethod
    def union(cls, sources, words=None, codes=None):
        """The (id, tier) rows of every source, as one UNION ALL."""
        labelled = [ids.annotate(tier=Value(rank, output_field=IntegerField()))
                    .values_list(ids.query.values_select[0], "tier")
                    for rank, ids in sources]
        labelled = [capped(ids, cls.PER_TIER) for ids in labelled]
        if codes is not None:  # a code names a whole class of products: up to the cap
            labelled.append(capped(codes.annotate(tier=Value(FAMILY, output_field=IntegerField()))
                                   .values_list("pk", "tier"), CANDIDATE_CAP + 1))
        if words is not None:
            labelled.append(capped(words.annotate(tier=Value(0, output_field=IntegerField()))
                                   .values_list("pk", "tier"), CANDIDATE_CAP + 1))
        return labelled[0].union(*labelled[1:], all=True)

    @staticmethod
    def best_of(rows):
        """{id: its best tier} of (id, tier) rows, at most the best CANDIDATE_CAP + 1."""
        best: dict[int, int] = {}
        for pk, tier in rows:
            if tier >= best.get(pk, -1):
                best[pk] = tier
        if len(best) > CANDIDATE_CAP + 1:  # keep the best tiers; one more tells "partial"
            kept = sorted(best.items(), key=lambda item: -item[1])[:CANDIDATE_CAP + 1]
            best = dict(kept)
        return best

    def apply(self, queryset):
        by_tier: dict[int, list[int]] = {}
        for pk, tier in self.best.items():
            if tier:
                by_tier.setdefault(tier, []).append(pk)
        rank = Case(*[When(pk__any_of=lookups.Prepared(ids), then=Value(tier))
                      for tier, ids in sorted(by_tier.items(), reverse=True)],
                    default=Value(0), output_field=IntegerField())
        return queryset.filter(pk__any_of=lookups.Prepared(self.best)).annotate(match_rank=rank)


def _part_candidates(shape, first, second, skeleton, family):
    """The UNION of a part-number query's tiers, for PartNumberQuery.candidates."""
    contains, min_rank = shape
    tiers = [(rank, condition) for rank, condition
             in tiers_of([first, second], skeleton, family, contains) if rank >= min_rank]
    return Candidates.union(sources_of(tiers))


PART_CANDIDATES = compiled.CompiledQuery(_part_candidates, slots=4)


def capped(ids: QuerySet, limit: int) -> QuerySet:
    """`ids` limited, where the database allows a limit inside a UNION (PostgreSQL does;
    SQLite does not, and holds registers small enough not to need it)."""
    if connection.features.supports_slicing_ordering_in_compound:
        return ids[:limit]
    return ids


# OKPD2 / OKRB by its groups (26, 26.11, 26.11.30); TN VED by its leading digits (8542).
_OKPD2_PREFIX = re.compile(r"^\d{2}(\.\d{1,3}){0,3}$")
_TNVED_PREFIX = re.compile(r"^\d{4,10}$")


def code_condition(text: str) -> Q | None:
    """Entries classified under the OKPD2 or TN VED code `text` begins: 26.11 finds
    26.11.30.000 but not 26.12; None when `text` is no code."""
    compact = "".join(text.split())
    condition = Q(pk__in=[])
    if _OKPD2_PREFIX.match(compact):
        condition |= Q(okpd2_code=compact) | Q(okpd2_code__startswith=compact + ".")
    if _TNVED_PREFIX.match(compact):
        condition |= Q(tnved_code__startswith=compact)
    return None if condition == Q(pk__in=[]) else condition


def registry_number_of(text: str) -> str:
    """`text` as a registry number (ur-2026-000001 → UR-2026-000001), or ''."""
    candidate = "".join(text.split()).upper()
    return candidate if _REGISTRY_NUMBER.match(candidate) else ""


def _no_rank(queryset):
    return queryset.annotate(match_rank=Value(0, output_field=IntegerField()),
                             text_rank=Value(0.0, output_field=FloatField()))


def search_entries(queryset: QuerySet[Product], text: object) -> QuerySet[Product]:
    """Entries matching `text` as a part number, a registry number or in their words.

    Annotates `match_rank` (part-number tier, EXACT for a registry number, 0 for a match in
    the words only) and `text_rank` (how well the words match) for relevance ordering.
    """
    text = clean_query(text)
    if not text:
        return _no_rank(queryset)
    by_part = PartNumberQuery(text)
    number = registry_number_of(text)
    words = textsearch.WordQuery(text)
    code = code_condition(text)
    if by_part.is_empty() and not number and not words.words and code is None:
        return _no_rank(queryset.none())

    def fetch():
        # On a miss only. The part-number tiers run from their compiled SQL; the rest (a
        # registry number, the words, a code) is one UNION built here.
        rows = [] if by_part.is_empty() else by_part.candidate_rows()
        sources = []
        if number:
            sources.append((EXACT, Product.objects.filter(registry_number=number)
                            .order_by().values("pk")))
        word_ids = words.matching_ids(Product.objects.all())
        codes = Product.objects.filter(code).order_by() if code is not None else None
        if sources or word_ids is not None or codes is not None:
            rows = chain(rows, Candidates.union(sources, word_ids, codes))
        return Candidates(Candidates.best_of(rows)), words.fuzzy

    # A page asks for the same search more than once (results, facets, exports): the
    # candidates are cached until the catalogue changes.
    candidates, words.fuzzy = caching.cached(["candidates", text], fetch)
    return words.annotate_rank(candidates.apply(queryset))


# Orderings offered to readers; each is served by an index (see the Product model).
RELEVANCE, PART_NUMBER, NEWEST, OLDEST = "relevance", "part_number", "newest", "oldest"
ORDERINGS = {
    RELEVANCE: ("-match_rank", "-text_rank", "part_number", "pk"),
    PART_NUMBER: ("part_number", "pk"),
    NEWEST: ("-registered_at", "-pk"),
    OLDEST: ("registered_at", "pk"),
}


def order_entries(queryset: QuerySet[Product], sort: str,
                  has_query: bool) -> QuerySet[Product]:
    """`queryset` in the reader's chosen order; relevance without a query is newest first."""
    if sort not in ORDERINGS or (sort == RELEVANCE and not has_query):
        sort = RELEVANCE if has_query else NEWEST
    ranks = {"match_rank", "text_rank"}
    return queryset.order_by(*[
        key for key in ORDERINGS[sort]
        if key.lstrip("-") not in ranks or key.lstrip("-") in queryset.query.annotations])


def suggest_part_numbers(text: object, limit: int = SUGGESTIONS) -> list[str]:
    """Part numbers close to `text`, for a search that found nothing, closest first."""
    skeleton = partnumbers.skeleton(clean_query(text))
    if len(skeleton) < MIN_CONTAINS_LENGTH:
        return []
    if textsearch.on_postgresql():
        scored = _similar_by_trigrams(skeleton, limit)
    else:
        scored = _similar_by_prefix(skeleton, limit)
    best: dict[str, float] = {}
    for part_number, score in sorted(scored, key=lambda pair: (-pair[1], pair[0])):
        best.setdefault(part_number, score)
    return list(best)[:limit]


def _similar_by_trigrams(skeleton, limit):
    """PostgreSQL: trigram similarity of the skeleton keys (trigram GIN indexes)."""
    scored = []
    for model in (Product, PartAlias):
        scored += list(
            model.objects.filter(key_skeleton__trigram_similar=skeleton)
            .annotate(similarity=TrigramSimilarity("key_skeleton", skeleton))
            .order_by("-similarity", "part_number").values_list("part_number", "similarity")
            [:limit])
    return scored


def _similar_by_prefix(skeleton, limit, candidates=50):
    """SQLite: entries sharing the longest prefix, ranked by difflib (few, bounded queries)."""
    lengths = sorted({max(MIN_CONTAINS_LENGTH, round(len(skeleton) * f))
                      for f in (0.85, 0.7, 0.5)} | {MIN_CONTAINS_LENGTH}, reverse=True)
    for length in lengths:
        found = []
        for model in (Product, PartAlias):
            found += list(model.objects.filter(key_skeleton__startswith=skeleton[:length])
                          .order_by("key_skeleton").values_list("part_number", "key_skeleton")
                          [:candidates])
        if found:
            return [(part, difflib.SequenceMatcher(None, skeleton, key).ratio())
                    for part, key in found]
    return []
