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


def test_the_code_facets_count_groups_and_headings_and_lead_to_them(client, coded):
    response = client.get("/search/", headers=EN)
    codes = {facet.title: [(o.value, o.count) for o in facet.options]
             for facet in response.context["panel"].codes}
    assert codes == {"OKPD2 / OKRB": [("26.11", 2), ("26.12", 1)],
                     "TN VED EAEU": [("8541", 1), ("8542", 1)]}
    html = response.content.decode()
    assert 'href="?code=26.11"' in html
    # Within a group the facet still lists its siblings, the chosen one marked; following it
    # again removes the filter.
    chosen = client.get("/search/", {"code": "26.11", "sort": "part_number"}, headers=EN)
    okpd2 = chosen.context["panel"].codes[0]
    assert [(o.value, o.selected) for o in okpd2.options] == [("26.11", True), ("26.12", False)]
    assert okpd2.options[0].url == "?sort=part_number"
    assert okpd2.options[1].url == "?sort=part_number&code=26.12"
    assert found(chosen) == ["IN74HC00AN", "KT315B"]
