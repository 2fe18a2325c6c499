"""`field__any_of`: membership in a long list as one parameter, for lists handed over as they
are and for ids read from the database (`Prepared`)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from products.lookups import Prepared
from products.models import PartAlias, Product
from tests.factories import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries():
    return [make_product(f"1554ЛА{n}", aliases=[f"IN74AC{n}"]) for n in range(1, 6)]


def numbers(queryset):
    return sorted(queryset.values_list("part_number", flat=True))


@pytest.mark.parametrize("wrap", [list, tuple, set, Prepared])
def test_entries_by_a_list_of_ids_in_any_container(entries, wrap):
    chosen = wrap([entries[0].pk, entries[3].pk])
    assert numbers(Product.objects.filter(pk__any_of=chosen)) == ["1554ЛА1", "1554ЛА4"]


def test_related_rows_by_their_entries_ids(entries):
    aliases = PartAlias.objects.filter(product__any_of=Prepared([entries[1].pk]))
    assert list(aliases.values_list("part_number", flat=True)) == ["IN74AC2"]


def test_ids_given_as_text_are_converted_as_the_column_wants(entries):
    assert numbers(Product.objects.filter(pk__any_of=[str(entries[2].pk)])) == ["1554ЛА3"]


def test_text_values_match_a_text_column(entries):
    found = Product.objects.filter(part_number__any_of=Prepared(["1554ЛА5", "none such"]))
    assert numbers(found) == ["1554ЛА5"]


def test_an_empty_list_matches_nothing_without_a_query(entries):
    with CaptureQueriesContext(connection) as queries:
        assert list(Product.objects.filter(pk__any_of=Prepared([]))) == []
    assert len(queries) == 0


def test_ten_thousand_ids_are_one_parameter(entries):
    ids = Prepared([*range(10_000_000, 10_010_000), entries[4].pk])
    with CaptureQueriesContext(connection) as queries:
        assert numbers(Product.objects.filter(pk__any_of=ids)) == ["1554ЛА5"]
    if connection.vendor == "postgresql":
        # One text cast to the column's array type, not a list the driver writes id by id.
        assert "::integer[])" in queries[0]["sql"] or "::bigint[])" in queries[0]["sql"]


def test_a_prepared_list_reads_like_the_list_it_holds():
    ids = Prepared([3, 1, 2])
    assert len(ids) == 3 and ids[0] == 3 and list(ids) == [3, 1, 2] and ids == [3, 1, 2]


def test_ids_written_as_an_array_literal_as_a_compiled_query_binds_them(entries):
    from products.lookups import IdArray

    ids = IdArray.of([entries[1].pk, entries[4].pk])
    assert ids.ids() == [entries[1].pk, entries[4].pk]
    assert numbers(Product.objects.filter(pk__any_of=ids)) == ["1554ЛА2", "1554ЛА5"]
    assert list(Product.objects.filter(pk__any_of=IdArray.of([]))) == []
