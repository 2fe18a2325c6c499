"""The entries FilterSet shared by the search page and the API."""

import datetime
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.utils import timezone

from products.filters import ProductFilterSet
from products.models import Product
from tests.factories import make_category, make_product

pytestmark = pytest.mark.django_db


def as_query(params):
    return QueryDict(urlencode(params, doseq=True))


def filtered(**params):
    filterset = ProductFilterSet(as_query(params), queryset=Product.objects.all())
    assert filterset.is_valid(), filterset.errors
    return sorted(p.part_number for p in filterset.qs)


@pytest.fixture
def entries(maker_a, maker_b):
    ics = make_category(slug="ics")
    mcu = make_category(slug="mcu", parent=ics)
    logic = make_category(slug="logic", parent=ics)
    return {
        "mcu": make_product("К1986ВЕ92QI", manufacturer=maker_b, category=mcu,
                            name_en="ARM Cortex-M3 microcontroller"),
        "logic": make_product("IN74HC164AN", manufacturer=maker_a, category=logic,
                              aliases=["КР1564ИР8"], name_en="8-bit shift register"),
        "old": make_product("IN74HC174AN", manufacturer=maker_a, category=logic,
                            status="suspended", suspended_at=datetime.date(2026, 3, 1)),
    }


def test_q_matches_part_numbers_in_any_spelling_and_names(entries):
    assert filtered(q="k1986ve92qi") == ["К1986ВЕ92QI"]
    assert filtered(q="КР1564ИР8") == ["IN74HC164AN"]
    assert filtered(q="shift register") == ["IN74HC164AN"]


def test_part_number_filter(entries):
    assert filtered(part_number="K1986BE92QI") == ["К1986ВЕ92QI"]


def test_category_includes_descendants(entries):
    assert filtered(category="ics") == ["IN74HC164AN", "IN74HC174AN", "К1986ВЕ92QI"]
    assert filtered(category="logic") == ["IN74HC164AN", "IN74HC174AN"]


def test_manufacturer_country_and_status(entries):
    assert filtered(manufacturer="maker-b") == ["К1986ВЕ92QI"]
    assert filtered(country="BY") == ["IN74HC164AN", "IN74HC174AN"]
    assert filtered(status="suspended") == ["IN74HC174AN"]
    assert filtered(status=["registered", "suspended"], country="BY") == [
        "IN74HC164AN", "IN74HC174AN"]


def test_updated_since(entries):
    later = timezone.now() + datetime.timedelta(minutes=1)
    assert filtered(updated_since=later.isoformat()) == []
    assert len(filtered(updated_since="2000-01-01T00:00:00Z")) == 3


@pytest.mark.parametrize("params", [
    {"manufacturer": "no-such-maker"},
    {"category": "no-such-category"},
    {"country": "KZ"},
    {"status": "deleted"},
    {"updated_since": "yesterday"},
    {"q": "x" * 201},
])
def test_bad_values_are_errors_not_crashes(entries, params):
    filterset = ProductFilterSet(as_query(params), queryset=Product.objects.all())
    assert not filterset.is_valid()
    assert set(filterset.errors) == set(params)


def test_every_public_field_of_interest_has_a_filter():
    declared = set(ProductFilterSet.base_filters)
    assert {"q", "part_number", "manufacturer", "category", "country", "status",
            "updated_since"} <= declared
