"""GET /api/v1/products/<registry_number>/history/: an entry's public field-level changes."""

import pytest

from registry.models import ChangeEvent
from tests.api.registers import Register
from tests.factories import make_manufacturer, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def registrar(registrar_ru):
    """The makers here are Russian (the factories' default): Russia's registrar decides."""
    return registrar_ru


@pytest.fixture
def entry(registrar):
    register = Register(registrar)
    product = register.include(0)
    register.amend(0)
    register.suspend(0)
    register.correct(0)
    register.reinstate(0)
    register.rename_maker(0)  # a maker's change is not the entry's history
    product.refresh_from_db()
    return product


def history_url(product):
    return f"/api/v1/products/{product.registry_number}/history/"


def test_the_history_lists_every_change_of_the_entry_oldest_first(client, entry):
    response = client.get(history_url(entry), headers={"accept-language": "en"})
    assert response.status_code == 200
    events = response.json()["results"]
    assert [e["kind"] for e in events] == [
        "entry.included", "entry.amended", "entry.suspended", "entry.corrected",
        "entry.reinstated"]
    included, amended, suspended, corrected, _reinstated = events
    approvals = entry.applications.order_by("pk")
    assert [included["application"], amended["application"]] == [a.reference for a in approvals]
    assert suspended["application"] is None and suspended["comment"] == "audit"
    assert set(amended["changes"]) == {"package"}
    assert amended["changes"]["package"]["before"] == ""
    assert suspended["changes"]["status"] == {"before": "registered", "after": "suspended"}
    assert corrected["changes"]["name_en"]["after"] == entry.name_en
    assert included["changes"]["registry_number"] == {"before": None,
                                                      "after": entry.registry_number}
    feed = ChangeEvent.objects.filter(product=entry).order_by("id")
    assert [e["id"] for e in events] == [e.id for e in feed]


def test_the_history_is_paginated_and_conditional(client, entry):
    first = client.get(history_url(entry), {"page_size": 2})
    assert len(first.json()["results"]) == 2
    rest = client.get(first.json()["next"]).json()
    assert [e["kind"] for e in rest["results"]] == [
        "entry.suspended", "entry.corrected", "entry.reinstated"][:2]
    whole = client.get(history_url(entry))
    assert whole["Last-Modified"]
    assert client.get(history_url(entry),
                      headers={"if-none-match": whole["ETag"]}).status_code == 304


def test_unknown_and_hidden_entries_have_no_history(client, db):
    hidden = make_product(manufacturer=make_manufacturer(status="pending"))
    for number in ("UR-2026-999999", hidden.registry_number):
        response = client.get(f"/api/v1/products/{number}/history/")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    assert client.get("/api/v1/products/not-a-number/history/").status_code == 404


def test_an_entry_registered_without_events_has_an_empty_history(client, db):
    product = make_product()
    response = client.get(history_url(product))
    assert response.status_code == 200 and response.json()["results"] == []
