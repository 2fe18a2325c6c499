"""GET /api/v1/substitutes/?part=<foreign part number>."""

import pytest

from products.models import ForeignPart, ParameterTemplate, ProductParameter
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
    # Each entry once, by its best declaration.
    assert [(r["product"]["part_number"], r["match"]) for r in body["results"]] == [
        ("IN74HC164AN", "family")]


def test_best_compatibility_first_then_the_very_part(client, register):
    rows = substitutes(client, part="74HC164")["results"]
    assert [(r["compatibility"], r["match"], r["analog"]["part_number"]) for r in rows] == [
        ("pin_to_pin", "part", "74HC164")]
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
    assert len(substitutes(client, part="74HC164")["results"]) == 4
    assert len(substitutes(client, part="74HC164", limit=2)["results"]) == 2
    assert client.get(URL, {"part": "74HC164", "limit": 21}).status_code == 400


def test_an_unknown_part_has_no_substitutes(client, register):
    assert substitutes(client, part="XYZ999")["results"] == []


def test_levels_scores_and_comparisons(client, register):
    ForeignPart.objects.create(
        part_number="STM32F103C8Tx", ordering_pattern="STM32F103C8Tx", category=register.mcu,
        package="LQFP-48", pin_count=48, parameters={"core": "Cortex-M3", "vcc": 3.3},
        source="kicad:MCU_ST_STM32F1")
    response = client.get(URL, {"part": "STM32F103C8T6"}, HTTP_ACCEPT_LANGUAGE="en")
    [row] = response.json()["results"]
    assert row["product"]["part_number"] == "К1986ВЕ92QI"
    assert (row["match"], row["compatibility"], row["analog"]["part_number"]) == (
        "part", "functional", "STM32F103C8T6")
    assert (row["level"], row["level_label"]) == ("functional", "functional")
    assert 0 <= row["score"] <= 100
    assert "LQFP-64 instead of LQFP-48" in row["package_note"]
    assert row["comparison"] == [
        {"key": "vcc", "name": "vcc", "unit": "V", "foreign": "3.3", "domestic": "3.3",
         "verdict": "equal"},
        {"key": "core", "name": "core", "unit": "", "foreign": "Cortex-M3", "domestic": "",
         "verdict": "unknown"},
    ]


def test_a_parametric_candidate_has_no_declaration(client, register):
    ProductParameter.objects.create(
        product=register.mcu_entry, value="Cortex-M3",
        template=ParameterTemplate.objects.get(category=register.mcu, key="core"))
    ForeignPart.objects.create(part_number="STM32F100C4T6", category=register.mcu,
                               parameters={"core": "Cortex-M3"}, source="csv:test")
    [row] = substitutes(client, part="STM32F100C4T6")["results"]
    assert (row["level"], row["match"], row["compatibility"], row["analog"]) == (
        "parametric", None, None, None)


def test_the_schema_describes_levels_scores_and_comparisons(client):
    schema = client.get("/api/schema/", {"format": "json"}, HTTP_ACCEPT_LANGUAGE="en").json()
    substitute = schema["components"]["schemas"]["Substitute"]["properties"]
    assert {"level", "level_label", "score", "package_note", "comparison", "match",
            "compatibility", "analog", "product"} <= set(substitute)
    row = schema["components"]["schemas"]["ComparisonRow"]["properties"]
    assert set(row) == {"key", "name", "unit", "foreign", "domestic", "verdict"}


def test_answers_are_written_as_drf_writes_the_declared_fields(monkeypatch, settings):
    """SubstitutesSerializer writes its answer directly: key for key, in the same order, what
    DRF builds from the declared fields, for every part the demo register declares and every
    part of its reference catalogue, in both languages, with and without a request."""
    import json

    from django.test import RequestFactory
    from django.utils import translation

    from products.models import ForeignAnalog
    from products.substitutes import find_substitutes
    from registry.api.serializers.substitutes import SubstitutesSerializer
    from registry.demo import loader

    monkeypatch.setenv("DEMO_PASSWORD", "demo-Password-1")
    loader.load()
    parts = sorted({*ForeignAnalog.objects.values_list("part_number", flat=True),
                    *ForeignPart.objects.values_list("part_number", flat=True)[:40],
                    "XQ123456"})
    kinds = set()
    for request in (RequestFactory().get(URL), None):
        for language in ("ru", "en"):
            with translation.override(language):
                for part in parts:
                    answer = {"part": part, "results": find_substitutes(part)}
                    serializer = SubstitutesSerializer(context={"request": request})
                    written = serializer.to_representation(answer)
                    assert json.dumps(written, ensure_ascii=False) == json.dumps(
                        serializer.field_by_field(answer), ensure_ascii=False), part
                    kinds |= {(row["analog"] is not None, bool(row["comparison"]))
                              for row in written["results"]}
    # Declared and parametric substitutes, and comparisons, were among them.
    assert {declared for declared, _ in kinds} == {True, False}
    assert any(compared for _, compared in kinds)
