"""The demo register answers a real bill of materials of Western parts (issue: 80 % of 40).

tests/data/bom-40.txt is the list as pasted (part and quantity per line); bom-40-gost.csv is
the same list as a ГОСТ 2.701 parts list in cp1251 with semicolons ("Микросхема SN74HC164N").
"""

import csv
import io
import json
from pathlib import Path

import pytest

from products import partnumbers
from products.models import ForeignAnalog, PartAlias, Product, ProductParameter
from products.models.parts import COMPATIBILITY_RANK
from products.substitutes import find_substitutes_for_many
from registry.demo import loader

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent.parent / "data"
# Categories whose domestic parts are counterparts of Western families: each declares one.
WESTERN_FAMILIES = {"logic", "analog", "power-management", "bipolar-transistors", "mosfets",
                    "diodes"}
TYPE_WORDS = ("Микросхема", "Транзистор", "Диод", "Стабилитрон")


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-Password-1")
    return loader.load()


def pasted_parts():
    lines = (DATA / "bom-40.txt").read_text(encoding="utf-8").splitlines()
    return [line.split()[0] for line in lines if line.strip()]


def gost_parts():
    text = (DATA / "bom-40-gost.csv").read_bytes().decode("cp1251")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert all(int(row["Кол."]) > 0 for row in rows)
    names = [row["Наименование"].split() for row in rows]
    assert all(words[0] in TYPE_WORDS for words in names)
    return [words[-1] for words in names]


def test_the_two_forms_of_the_bill_list_the_same_forty_parts():
    assert len(pasted_parts()) == 40
    assert len(set(pasted_parts())) == 40
    assert gost_parts() == pasted_parts()


# A few lines and the classic counterpart each must reach.
CLASSIC = {
    "74HC164D": "IN74HC164AD",  # the same SOIC package, declared pin-to-pin
    "SN74LS00N": "К555ЛА3",
    "74ALS00": "КР1533ЛА3",
    "74AC00": "IN74AC00N",
    "CD4011BE": "К561ЛА7",
    "LM317T": "КР142ЕН12А",
    "NE555P": "КР1006ВИ1",
    "LM324N": "КР1401УД2А",
    "BC547B": "КТ3102Б",
    "STM32F103C8T6": "К1986ВЕ92QI",
}


def test_at_least_80_percent_of_the_bill_gets_a_registered_domestic_candidate(demo):
    parts = pasted_parts()
    found = find_substitutes_for_many(parts)
    answered = [part for part in parts if found[part]]
    assert len(answered) >= 32, sorted(set(parts) - set(answered))
    for part in answered:
        for substitute in found[part]:
            assert substitute.product.status == "registered"
            assert substitute.product.manufacturer.country in {"BY", "RU"}
    for part, expected in CLASSIC.items():
        assert expected in [s.product.part_number for s in found[part]], part


def demo_rows():
    return loader.product_rows()


def test_every_demo_row_names_its_source_and_fills_its_category_parameters():
    templates = {row["slug"]: {spec["key"] for spec in row["parameters"]}
                 for row in json.loads((loader.DATA_DIR / "categories.json").read_text())}
    parents = {row["slug"]: row.get("parent") for row in
               json.loads((loader.DATA_DIR / "categories.json").read_text())}
    for row in demo_rows():
        assert row.get("source", "").strip(), row["part_number"]
        if row["category"] not in WESTERN_FAMILIES:
            continue  # processors, FPGAs, equipment: filled where public sources give values
        allowed = set(templates[row["category"]]) | templates.get(parents[row["category"]] or "",
                                                                  set())
        own = set(row["parameters"]) & templates[row["category"]]
        assert own, f"{row['part_number']}: no parameter of {row['category']}"
        assert set(row["parameters"]) <= allowed, row["part_number"]


def test_300_entries_and_every_counterpart_of_a_western_family_declares_its_analog(demo):
    for row in demo_rows():
        if row["category"] in WESTERN_FAMILIES:
            assert row["analogs"], row["part_number"]
    entries = Product.objects.filter(category__slug__in=WESTERN_FAMILIES, status="registered")
    assert entries.count() >= 250
    assert not entries.filter(analogs__isnull=True).exists()
    assert Product.objects.count() >= 300
    rows = [(row["manufacturer"], row["part_number"]) for row in demo_rows()]
    assert len(rows) == len(set(rows))
    # Rows inserted in bulk carry the keys their save() derives, so searches find them.
    for analog in ForeignAnalog.objects.all():
        keys = partnumbers.PartKeys.of(analog.part_number)
        assert (analog.key_skeleton, analog.key_family) == (keys.skeleton, keys.family)
        assert analog.compatibility_rank == COMPATIBILITY_RANK[analog.compatibility]
    for alias in PartAlias.objects.all():
        keys = partnumbers.PartKeys.of(alias.part_number)
        assert (alias.key_lookalike, alias.key_translit, alias.key_skeleton,
                alias.key_family) == (keys.lookalike, keys.translit, keys.skeleton, keys.family)
    for parameter in ProductParameter.objects.select_related("template"):
        if parameter.template.kind == "number":
            assert parameter.value_numeric == parameter.parse_number(parameter.value)
    # An entry found by its Russian designation, entered with the bulk rows.
    assert Product.objects.filter(aliases__part_number="КР1564ЛА3").get().part_number \
        == "IN74HC00AN"
    assert ForeignAnalog.history.filter(part_number="SN74HC00N").exists()
