"""Words in names, descriptions and manufacturer names: the text half of search.

PostgreSQL matches the stored search vector (Russian and English configurations, GIN index)
and forgives typos with trigram word similarity on the names (trigram GIN indexes). SQLite,
the embedded default, falls back to case-folded substring matching with the same interface:
`WordQuery(text).matching_ids(...)` for the WHERE clause and `.annotate_rank(...)` for order.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
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


# Words this long match as stem prefixes; shorter ones ("ic", "ток") would match too much.
PREFIX_LENGTH = 4
# Quotes, "or" and a leading minus: the reader wrote web search syntax, kept as written.
_WEB_SYNTAX = re.compile(r'"|(^|\s)-\w|\bor\b', re.IGNORECASE)


def _tsquery(text):
    """Every word of `text` in either language. A plain query matches each long word's stem
    as a prefix: the Russian stemmer gives "память" the stem памя but "памяти" памят, so an
    exact stem would miss the other case of the same word."""
    if _WEB_SYNTAX.search(text):
        return (SearchQuery(text, config="russian", search_type="websearch")
                | SearchQuery(text, config="english", search_type="websearch"))
    # Letters and digits only: no operator of the raw syntax, and no "_" (a word break to
    # the parser, which would leave one-letter prefixes).
    plain = [part for word in words(text) for part in word.split("_") if len(part) > 1]
    raw = " & ".join(f"{word}:*" if len(word) >= PREFIX_LENGTH else word for word in plain)
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
        exact = Q(search_vector=_tsquery(self.text))
        if queryset.filter(exact).order_by().values("pk")[:self.FEW].count() >= self.FEW:
            return queryset.filter(exact).order_by().values("pk")
        self.fuzzy = True
        return queryset.filter(exact | Q(name_ru__trigram_word_similar=self.text)
                               | Q(name_en__trigram_word_similar=self.text)).order_by().values("pk")

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
