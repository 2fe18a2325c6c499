"""Words in names, descriptions and manufacturer names: the text half of search.

PostgreSQL matches the stored search vector (Russian and English configurations, GIN index)
and forgives typos with trigram word similarity on the names (trigram GIN indexes). SQLite,
the embedded default, falls back to case-folded substring matching with the same interface:
`WordQuery(text).matching_ids(...)` for the WHERE clause and `.annotate_rank(...)` for order.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection, connections, transaction
from django.db.models import (
    Case,
    F,
    FloatField,
    Func,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Greatest

MAX_WORDS = 8
_WORD = re.compile(r"\w{2,}", re.UNICODE)


def words(text):
    """The searchable words of `text`, case-folded, at most MAX_WORDS."""
    return [w.casefold() for w in _WORD.findall(text or "")][:MAX_WORDS]


def on_postgresql():
    return connection.vendor == "postgresql"


class SearchText(Func):
    """SQLite: the fields joined and case-folded (its own lower() folds ASCII only)."""

    function = "SEARCH_TEXT"
    output_field = TextField()


def _haystack(*fields):
    return SearchText(*[F(field) for field in fields])


NAME_FIELDS = ("name_ru", "name_en")
OTHER_FIELDS = ("description_ru", "description_en", "manufacturer__short_name_ru",
                "manufacturer__short_name_en", "manufacturer__name_ru", "manufacturer__name_en")


# Words of letters this long match as stem prefixes; shorter ones ("ic", "ток") would match
# too much, and words with digits are part numbers, which have their own tiers.
PREFIX_LENGTH = 4
# Quotes, "or" and a leading minus: the reader wrote web search syntax, kept as written.
_WEB_SYNTAX = re.compile(r'"|(^|\s)-\w|\bor\b', re.IGNORECASE)


def _prefixed(text):
    """The raw tsquery of `text` with its long words as prefixes, or None when it has none
    (or is written in web search syntax)."""
    if _WEB_SYNTAX.search(text):
        return None
    # Letters and digits only: no operator of the raw syntax, and no "_" (a word break to
    # the parser, which would leave one-letter prefixes).
    plain = [part for word in words(text) for part in word.split("_") if len(part) > 1]
    if not any(_is_prefix(word) for word in plain):
        return None
    return " & ".join(f"{word}:*" if _is_prefix(word) else word for word in plain)


def _is_prefix(word):
    return len(word) >= PREFIX_LENGTH and word.isalpha()


def _tsquery(text, prefixes=True):
    """Every word of `text` in either language. With `prefixes`, a plain query matches each
    long word's stem as a prefix: the Russian stemmer gives "память" the stem памя but
    "памяти" памят, so an exact stem would miss the other case of the same word."""
    raw = _prefixed(text) if prefixes else None
    if raw is None:
        return (SearchQuery(text, config="russian", search_type="websearch")
                | SearchQuery(text, config="english", search_type="websearch"))
    return (SearchQuery(raw, config="russian", search_type="raw")
            | SearchQuery(raw, config="english", search_type="raw"))


class WordQuery:
    """The words of a query, matched and ranked.

    PostgreSQL matches the stored vector first; only when that finds fewer than FEW entries
    does it add trigram word similarity on the names, which forgives typos but is too costly
    (and too loose) for words that match thousands of entries.
    """

    FEW = 20

    def __init__(self, text):
        self.text = text
        self.words = words(text)
        self.fuzzy = False

    def matching_ids(self, queryset):
        """A queryset of the entries of `queryset` whose words match (values "pk"); None when
        the query has no words."""
        if not self.words:
            return None
        if not on_postgresql():
            everything = Q()
            for word in self.words:
                everything &= Q(_haystack_all__contains=word)
            return (queryset.annotate(_haystack_all=_haystack(*NAME_FIELDS, *OTHER_FIELDS))
                    .filter(everything).order_by().values("pk"))
        matched = Q(search_vector=_tsquery(self.text))
        exact = Q(search_vector=_tsquery(self.text, prefixes=False))
        if self._at_least_few(queryset, exact) or (
                matched != exact and self._at_least_few(queryset, matched, by_index=True)):
            return queryset.filter(matched).order_by().values("pk")
        self.fuzzy = True
        return queryset.filter(matched | Q(name_ru__trigram_word_similar=self.text)
                               | Q(name_en__trigram_word_similar=self.text)).order_by().values("pk")

    def _at_least_few(self, queryset, condition, by_index=False):
        """Whether FEW entries match. `by_index` keeps the planner on the GIN index: it
        prices a rare prefix at a fixed 0.17 % of the table and would read the table from
        the start for the first FEW rows (0.7 s on a million when there are none)."""
        first = queryset.filter(condition).order_by().values("pk")[:self.FEW]
        if not by_index:
            return first.count() >= self.FEW
        with transaction.atomic(using=first.db), connections[first.db].cursor() as cursor:
            # Until the end of the transaction, which may be the caller's: restored after.
            cursor.execute("SELECT current_setting('enable_seqscan')")
            previous = cursor.fetchone()[0]
            cursor.execute("SELECT set_config('enable_seqscan', 'off', true)")
            try:
                return first.count() >= self.FEW
            finally:
                cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [previous])

    def annotate_rank(self, queryset):
        """`text_rank`: how well the words match, higher is better, 0 for no words."""
        if not self.words:
            return queryset.annotate(text_rank=Value(0.0, output_field=FloatField()))
        if on_postgresql():
            rank = SearchRank(F("search_vector"), _tsquery(self.text))
            if self.fuzzy:
                rank += Greatest(TrigramWordSimilarity(self.text, "name_ru"),
                                 TrigramWordSimilarity(self.text, "name_en"))
            return queryset.annotate(text_rank=rank)
        in_names = Q()
        for word in self.words:
            in_names &= Q(_haystack_names__contains=word)
        return queryset.annotate(_haystack_names=_haystack(*NAME_FIELDS)).annotate(
            text_rank=Case(When(in_names, then=Value(1.0)), default=Value(0.5),
                           output_field=FloatField()))


def search_text(*values):
    return " ".join(str(v) for v in values if v).casefold()


def register_sqlite_functions(sender, connection, **kwargs):
    """Give SQLite the Unicode case folding the fallback needs (connected in apps.py)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("SEARCH_TEXT", -1, search_text,
                                              deterministic=True)
