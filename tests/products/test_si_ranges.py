"""Ranges compare numbers in SI and read and show them in the parameter's unit: a bound may be
given in any unit of the same quantity, values far below a fixed-point column's places still
compare, and changing a parameter's unit changes what its numbers mean."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from products.models import ParameterTemplate, ProductParameter
from tests.factories import make_category, make_product

pytestmark = pytest.mark.django_db

LIST = "/api/v1/products/"
MIGRATION = importlib.import_module("products.migrations.0012_parameter_values_in_si")


@pytest.fixture
def parts():
    mcu = make_category(slug="mcu", parameters=[
        ("clock_mhz", "number", "MHz"), ("temp_min", "number", "°C")])
    caps = make_category(slug="capacitors", parameters=[("capacitance", "number", "pF")])
    templates = {t.key: t for t in ParameterTemplate.objects.all()}
    for part, category, values in (
        ("К1986ВЕ92QI", mcu, {"clock_mhz": "80", "temp_min": "-60"}),
        ("К1986ВЕ1QI", mcu, {"clock_mhz": "36", "temp_min": "-40"}),
        ("К1887ВЕ4У", mcu, {"clock_mhz": "0.5", "temp_min": "-40"}),
        ("К10-17-2", caps, {"capacitance": "2.2"}),
        ("К10-17-10", caps, {"capacitance": "10"}),
        ("К10-17-1000", caps, {"capacitance": "1000"}),
    ):
        entry = make_product(part, category=category)
        for key, value in values.items():
            ProductParameter.objects.create(product=entry, template=templates[key], value=value)
    return templates


def found(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200, response.content
    return sorted(row["part_number"] for row in response.json()["results"])


@pytest.mark.parametrize("bound", ["36", "36000 kHz", "36 000 кГц", "0,036 ГГц", "0.036 ghz"])
def test_a_bound_is_given_in_any_unit_of_the_quantity(client, parts, bound):
    assert found(client, **{"p.clock_mhz.min": bound}) == ["К1986ВЕ1QI", "К1986ВЕ92QI"]


def test_a_bound_in_a_unit_of_another_quantity_is_refused_by_name(client, parts):
    response = client.get(LIST, {"p.clock_mhz.min": "5 V"}, headers={"accept-language": "en"})
    assert response.status_code == 400
    [problem] = response.json()["fields"]["p.clock_mhz.min"]
    assert problem["code"] == "invalid_unit"
    assert "“V”" in problem["message"] and "MHz" in problem["message"]
    nonsense = client.get(LIST, {"p.clock_mhz.min": "5 parsecs"})
    assert nonsense.status_code == 400
    page = client.get("/search/", {"p.clock_mhz.min": "5 В"}, headers={"accept-language": "ru"})
    assert page.status_code == 400
    assert any("«В»" in error and "МГц" in error for error in page.context["errors"])


def test_values_below_the_places_of_a_fixed_point_column_compare_in_si(client, parts):
    stored = ProductParameter.objects.get(product__part_number="К10-17-10")
    assert stored.value_si == pytest.approx(1e-11, rel=1e-12)
    assert found(client, **{"p.capacitance.max": "0.01 nF"}) == ["К10-17-10", "К10-17-2"]
    assert found(client, **{"p.capacitance.min": "1 nF"}) == ["К10-17-1000"]
    assert found(client, **{"p.capacitance.min": "2,2", "p.capacitance.max": "2.2"}) == \
        ["К10-17-2"]


def test_a_bound_equal_to_a_stored_value_finds_it_whatever_the_offset(client, parts):
    # −40 °C is 233.15 K: the bound and the stored value are converted the same way.
    assert found(client, **{"p.temp_min.min": "-40", "p.temp_min.max": "-40"}) == \
        ["К1887ВЕ4У", "К1986ВЕ1QI"]
    assert found(client, **{"p.temp_min.max": "213.15 K"}) == ["К1986ВЕ92QI"]


def test_the_facet_shows_the_range_in_the_parameter_unit(client, parts):
    page = client.get("/search/", {"category": "mcu"}, headers={"accept-language": "en"})
    facet = next(f for f in page.context["panel"].parameters if f.parameter.key == "clock_mhz")
    assert (facet.low, facet.high) == (Decimal("0.5"), Decimal("80"))
    assert "0.5 to 80 across 3 entries" in page.content.decode()


def test_sorting_by_a_column_orders_by_the_number(client, parts):
    page = client.get("/search/", {"category": "capacitors", "col": "capacitance",
                                   "sort": "-p.capacitance"})
    assert [p.part_number for p in page.context["page"].object_list] == [
        "К10-17-1000", "К10-17-10", "К10-17-2"]


def test_changing_a_parameter_unit_changes_what_its_numbers_mean(client, parts):
    clock = parts["clock_mhz"]
    clock.unit = "GHz"
    clock.save()
    assert found(client, **{"p.clock_mhz.min": "1 GHz"}) == ["К1986ВЕ1QI", "К1986ВЕ92QI"]


def test_the_migration_fills_the_si_copy_of_stored_numbers(client, parts):
    ProductParameter.objects.update(value_si=None)  # as the release before stored them
    MIGRATION.fill_si(apps, None)
    assert found(client, **{"p.clock_mhz.min": "36 MHz"}) == ["К1986ВЕ1QI", "К1986ВЕ92QI"]
    assert found(client, **{"p.temp_min.max": "-40 °C"}) == \
        ["К1887ВЕ4У", "К1986ВЕ1QI", "К1986ВЕ92QI"]
