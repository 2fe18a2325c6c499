"""GET /api/v1/substitutes/?part=<foreign part number>."""

import pytest

from tests.factories import make_product

pytestmark = pytest.mark.django_db

URL = "/api/v1/substitutes/"


def substitutes(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_an_ordering_code_finds_entries_that_declare_its_family(client, register):
    body = substitutes(client, part="SN74HC164N")
    assert body["part"] == "SN74HC164N"
    assert [(r["product"]["part_number"], r["match"]) for r in body["results"]] == [
        ("IN74HC164AN", "family"), ("IN74HC164AN", "family")]


def test_best_compatibility_first_then_the_very_part(client, register):
    rows = substitutes(client, part="74HC164")["results"]
    assert [(r["compatibility"], r["match"], r["analog"]["part_number"]) for r in rows] == [
        ("pin_to_pin", "part", "74HC164"), ("functional", "family", "CD74HC164E")]
    product = rows[0]["product"]
    assert product["registry_number"] == register.logic_entry.registry_number
    assert product["manufacturer"]["slug"] == "maker-a"
    assert product["category"]["slug"] == "logic"


def test_only_registered_entries_of_public_manufacturers_are_offered(client, register):
    assert substitutes(client, part="74HC174")["results"] == []  # the entry is suspended
    offered = {r["product"]["part_number"] for r in substitutes(client, part="74HC164")[
        "results"]}
    assert "HIDDEN164" not in offered


def test_limit(client, register):
    for _ in range(3):
        make_product(manufacturer=register.logic_entry.manufacturer,
                     category=register.logic, analogs=[("74HC164", "parametric")])
    assert len(substitutes(client, part="74HC164")["results"]) == 5
    assert len(substitutes(client, part="74HC164", limit=2)["results"]) == 2
    assert client.get(URL, {"part": "74HC164", "limit": 201}).status_code == 400


def test_an_unknown_part_has_no_substitutes(client, register):
    assert substitutes(client, part="XYZ999")["results"] == []
