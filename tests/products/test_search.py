"""Finding entries by any spelling of the part number, best match first."""

import pytest
from django.db import connection

from products.models import Product
from products.search import (
    CONTAINS,
    EXACT,
    FAMILY,
    PART_CANDIDATES,
    PREFIX,
    SKELETON,
    Candidates,
    PartNumberQuery,
)
from tests.factories import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    return {
        "mcu": make_product("К1986ВЕ92QI", aliases=["MDR32F9Q2I"]),
        "variant": make_product("К1986ВЕ92F1I"),
        "other_mcu": make_product("К1986ВЕ1QI"),
        "soc": make_product("1892ВМ14Я"),
        "logic": make_product("IN74HC164AN", aliases=["КР1564ИР8"]),
    }


def found(query):
    results = PartNumberQuery(query).apply(Product.objects.all()).order_by("-match_rank", "pk")
    return [(p.part_number, p.match_rank) for p in results]


@pytest.mark.parametrize("query", ["К1986ВЕ92QI", "K1986BE92QI", "k1986ve92qi", "MDR32F9Q2I",
                                   "mdr32f9q2i"])
def test_every_spelling_finds_the_milandr_mcu_first(catalogue, query):
    first = found(query)[0]
    assert first == ("К1986ВЕ92QI", EXACT)


def test_the_family_finds_the_whole_family_without_the_other_parts(catalogue):
    results = dict(found("1986ВЕ92"))
    assert results["К1986ВЕ92QI"] >= FAMILY
    assert results["К1986ВЕ92F1I"] >= FAMILY
    assert "К1986ВЕ1QI" not in results


def test_an_alias_in_cyrillic_finds_the_belarusian_part(catalogue):
    assert found("КР1564ИР8")[0] == ("IN74HC164AN", EXACT)


def test_transliterated_soc(catalogue):
    assert found("1892vm14ja")[0] == ("1892ВМ14Я", EXACT)


def test_a_latin_typed_entry_is_found_by_skeleton():
    make_product("K1986BE92QI")
    assert found("k1986ve92qi") == [("K1986BE92QI", SKELETON)]


def test_prefix_ranks_below_family(catalogue):
    ranks = dict(found("К1986"))
    assert ranks == {"К1986ВЕ92QI": PREFIX, "К1986ВЕ92F1I": PREFIX, "К1986ВЕ1QI": PREFIX}


def test_contains_finds_the_middle_of_a_designation(catalogue):
    assert [part for part, _ in found("HC164")] == ["IN74HC164AN"]


def test_a_query_without_letters_or_digits_finds_nothing(catalogue):
    assert found(" -./ ") == []


def test_aliases_do_not_multiply_rows():
    make_product("К1986ВЕ92QI", aliases=["K1986BE92QI", "MDR32F9Q2I", "MDR1986VE92"])
    assert len(found("K1986BE92QI")) == 1


@pytest.mark.parametrize("min_rank", [CONTAINS, SKELETON])
def test_the_kept_sql_finds_what_the_querysets_find(catalogue, min_rank):
    """On PostgreSQL a part-number search runs SQL compiled once per shape with the keys put
    in; it must find what the querysets it was compiled from find, for every shape (one or
    two exact spellings, with and without the contains tier)."""
    queries = ["К1986ВЕ92QI", "k1986ve92qi", "MDR32F9Q2I", "1986ВЕ92", "К1986", "HC164", "КР",
               "74", "1892vm14ja", "ZZZ999"]
    for query in queries:
        part = PartNumberQuery(query)
        expected = Candidates.best_of(Candidates.union(
            [(rank, ids) for rank, ids in part.sources() if rank >= min_rank]))
        assert part.candidates(min_rank).best == expected, query
    assert PartNumberQuery("k1986ve92qi").candidates(min_rank).best  # not only empty answers
    kept = [PART_CANDIDATES.kept((contains, min_rank), "default", first=False)
            for contains in (True, False)]  # with and without the contains tier
    assert kept == [connection.vendor == "postgresql"] * 2
