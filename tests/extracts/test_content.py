"""The signed content: its fields and its canonical form."""

import datetime
import json

import pytest

from registry.extracts.content import (
    SCHEMA,
    canonical_bytes,
    changed_facts,
    entry_facts,
    extract_content,
)
from registry.extracts.identifiers import grouped, new_extract_id, normalise

ISSUED = datetime.datetime(2026, 3, 12, 11, 5, 33, tzinfo=datetime.UTC)


def content_of(product):
    return extract_content(product, extract_id="7K3MQ9XA2D4FHT8B", issued_at=ISSUED,
                           language="ru", verification_url="https://r.example/verify/7K3M/")


def test_canonical_form_sorts_keys_drops_whitespace_and_keeps_utf8():
    value = {"b": "К1986ВЕ92QI", "a": {"d": None, "c": [1, "x"]}, "e": 'quote " and \\'}
    assert canonical_bytes(value) == (
        '{"a":{"c":[1,"x"],"d":null},"b":"К1986ВЕ92QI","e":"quote \\" and \\\\"}'.encode())


def test_canonical_form_refuses_what_has_no_single_spelling():
    with pytest.raises(ValueError):
        canonical_bytes({"x": float("nan")})


def test_content_states_the_entry_its_status_and_the_issue(entry):
    content = content_of(entry)
    assert content["schema"] == SCHEMA
    assert content["extract_id"] == "7K3MQ9XA2D4FHT8B"
    assert content["issued_at"] == "2026-03-12T11:05:33Z"
    assert content["language"] == "ru"
    facts = content["entry"]
    assert facts["registry_number"] == "UR-2025-000001"
    assert facts["part_number"] == "К1986ВЕ92QI"
    assert facts["name_ru"] == "Микроконтроллер 32-разрядный"
    assert facts["manufacturer"]["inn"] == "7735007358"
    assert facts["manufacturer"]["country"] == "RU"
    assert facts["category"]["name_en"] == "Microcontrollers"
    assert facts["okpd2_code"] == "26.11.30"
    assert (facts["registered_at"], facts["valid_until"]) == ("2025-02-03", "2030-02-03")
    assert content["status"]["code"] == "registered"
    assert content["status"]["excluded_at"] is None


def test_content_holds_no_float_and_round_trips_through_its_canonical_form(entry):
    data = canonical_bytes(content_of(entry))
    assert canonical_bytes(json.loads(data)) == data
    assert b"\n" not in data and b": " not in data


def test_changed_facts_name_the_nested_fields_that_differ(entry):
    then = entry_facts(entry)
    entry.name_en = "Renamed"
    entry.manufacturer.name_ru = "Новое имя"
    assert changed_facts(then, entry_facts(entry)) == ["manufacturer.name_ru", "name_en"]


def test_extract_ids_are_random_and_forgiving_when_typed():
    ids = {new_extract_id() for _ in range(200)}
    assert len(ids) == 200
    some = ids.pop()
    assert normalise(grouped(some).lower()) == some
    assert normalise(" 7k3m-q9xa 2d4f-ht8b ") == "7K3MQ9XA2D4FHT8B"
    assert normalise("OIL0-0000-0000-0000") == "0110000000000000"
    for bad in ["", "short", "U" * 16, "7K3M-Q9XA-2D4F-HT8B-EXTRA", "x" * 1000, None, 42]:
        assert normalise(bad) is None
