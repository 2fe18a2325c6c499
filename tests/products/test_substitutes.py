"""Finding a domestic substitute from any ordering code of a foreign part."""

import datetime

import pytest

from products.substitutes import SAME_FAMILY, SAME_PART, find_substitutes
from tests.factories import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def shift_registers():
    return {
        "integral": make_product("IN74HC164AN", analogs=[("74HC164", "pin_to_pin")]),
        "functional": make_product("КР1564ИР8", analogs=[("SN74HC164N", "functional")]),
        "parametric": make_product("ЭКР1564ИР8", analogs=[("74HC164D", "parametric")]),
        "excluded": make_product("К1564ИР8", analogs=[("74HC164", "pin_to_pin")],
                                 status="excluded", excluded_at=datetime.date(2026, 1, 2),
                                 exclusion_reason="production_ended"),
        "unrelated": make_product("IN74HC174AN", analogs=[("74HC174", "pin_to_pin")]),
    }


@pytest.mark.parametrize("ordering_code", ["74HC164", "SN74HC164N", "74HC164D", "sn74hc164n",
                                           "CD74HC164E", "74hc164"])
def test_ordering_codes_find_the_same_substitutes_best_compatibility_first(
        shift_registers, ordering_code):
    found = [s.product.part_number for s in find_substitutes(ordering_code)]
    assert found == ["IN74HC164AN", "КР1564ИР8", "ЭКР1564ИР8"]


def test_the_exact_part_is_told_from_the_family(shift_registers):
    matches = {s.product.part_number: s.match for s in find_substitutes("SN74HC164N")}
    assert matches["КР1564ИР8"] == SAME_PART
    assert matches["IN74HC164AN"] == SAME_FAMILY


def test_excluded_entries_are_not_offered(shift_registers):
    assert "К1564ИР8" not in [s.product.part_number for s in find_substitutes("74HC164")]


def test_no_substitute_is_an_empty_answer(shift_registers):
    assert find_substitutes("LM317T") == []
    assert find_substitutes(" - ") == []


def test_query_count_does_not_grow_with_the_answer(shift_registers,
                                                    django_assert_num_queries):
    with django_assert_num_queries(1):
        substitutes = find_substitutes("74HC164")
        [(s.product.manufacturer.short_name, s.product.category.name) for s in substitutes]
