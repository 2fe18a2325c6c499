"""GET /api/v1/categories/ and /api/v1/categories/<slug>/."""

import pytest

from tests.api.conftest import results, walk

pytestmark = pytest.mark.django_db

LIST = "/api/v1/categories/"


def test_the_tree_lists_parents_before_children(client, register):
    rows = results(client.get(LIST))
    assert [row["slug"] for row in rows] == ["diodes", "ics", "logic", "mcu"]
    by_slug = {row["slug"]: row for row in rows}
    assert by_slug["mcu"]["parent"] == "ics" and by_slug["ics"]["parent"] is None
    assert (by_slug["mcu"]["path"], by_slug["mcu"]["depth"]) == ("/ics/mcu/", 1)


def test_a_category_declares_its_parameters(client, register):
    category = client.get(f"{LIST}ics/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert category["code"] == "IC"
    assert category["name"] == register.ics.name_en
    assert category["parameters"] == [{"key": "vcc", "name": "vcc", "name_ru": "vcc",
                                       "name_en": "vcc", "unit": "V", "kind": "number"}]
    assert category["products_url"] == "http://testserver/api/v1/products/?category=ics"


def test_the_tree_paginates_like_every_list(client, register):
    assert [row["slug"] for row in walk(client, LIST, {"page_size": 3})] == [
        "diodes", "ics", "logic", "mcu"]


def test_an_unknown_category_is_404(client, register):
    response = client.get(f"{LIST}nothing/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
