"""Units are stored as international symbols and read in the page's language."""

from decimal import Decimal

import pytest

from products.models import ParameterTemplate, ProductParameter
from tests.factories import make_category, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def clocked():
    category = make_category(slug="mcu", parameters=[("clock", "number", "MHz")])
    entry = make_product("K1986BE92QI", category=category)
    ProductParameter.objects.create(product=entry, template=ParameterTemplate.objects.get(
        key="clock"), value="80")
    return entry


@pytest.mark.parametrize("language, shown", [("ru", "80 МГц"), ("be", "80 МГц"),
                                              ("en", "80 MHz")])
def test_an_entry_page_shows_the_unit_in_its_language(client, clocked, language, shown):
    page = client.get(clocked.get_absolute_url(), headers={"accept-language": language})
    assert f"<td>{shown}</td>" in page.content.decode()


def test_a_range_facet_names_its_parameter_and_unit_to_screen_readers(client, clocked):
    page = client.get("/search/", {"category": "mcu"}, headers={"accept-language": "ru"})
    text = page.content.decode()
    name = ParameterTemplate.objects.get(key="clock").name_ru
    assert f'<span class="visually-hidden"> — {name}, МГц</span>' in text


def test_zero_degrees_celsius_reads_back_as_0_not_minus_0():
    from products import facets, units

    stored = float(units.to_si(Decimal("0"), "°C"))  # 273.15 K, as a float column keeps it
    for kelvin in (stored, 273.1499999999):
        assert facets.format_number(units.from_si(kelvin, "°C")) == "0"
    assert facets.format_number(units.from_si(233.15, "°C")) == "-40"
