"""Classification codes find entries by their leading groups: 26.11 finds every 26.11.*, a TN VED
code its first digits; the same `code` filter on the search page and in the API."""

import pytest

from tests.factories import make_product

pytestmark = pytest.mark.django_db

EN = {"accept-language": "en"}


@pytest.fixture
def coded():
    return {
        "chip": make_product("IN74HC00AN", okpd2_code="26.11.30", tnved_code="8542399000"),
        "transistor": make_product("KT315B", okpd2_code="26.11.21.120",
                                   tnved_code="8541210000"),
        "other": make_product("MISC1", okpd2_code="26.12.10"),
    }


def found(response):
    return sorted(entry.part_number for entry in response.context["page"].object_list)


def test_a_code_typed_in_the_search_box_finds_entries_by_its_leading_groups(client, coded):
    assert found(client.get("/search/", {"q": "26.11"})) == ["IN74HC00AN", "KT315B"]
    assert found(client.get("/search/", {"q": "26.11.21"})) == ["KT315B"]
    assert found(client.get("/search/", {"q": "8541"})) == ["KT315B"]
    # 26.1 is a group of its own, not the first characters of 26.11.
    assert found(client.get("/search/", {"code": "26.1"})) == []


def test_the_code_filter_narrows_the_search_page_and_the_api_alike(client, coded):
    assert found(client.get("/search/", {"code": "26.11"})) == ["IN74HC00AN", "KT315B"]
    response = client.get("/api/v1/products/", {"code": "8542"})
    assert [row["part_number"] for row in response.json()["results"]] == ["IN74HC00AN"]


def test_a_code_filter_shows_as_a_removable_chip(client, coded):
    response = client.get("/search/", {"code": "26.11"}, headers=EN)
    chips = [(chip.label, chip.value) for chip in response.context["chips"]]
    assert ("Code", "26.11") in chips


@pytest.mark.parametrize("bad", ["2", "26.", "abc", "854", "26.11.30.000.1"])
def test_a_code_that_is_none_gets_a_message(client, coded, bad):
    page = client.get("/search/", {"code": bad}, headers=EN)
    assert page.status_code == 400
    assert "OKPD2 / OKRB code by its groups" in page.content.decode()
    assert client.get("/api/v1/products/", {"code": bad}).status_code == 400
