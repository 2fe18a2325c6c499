"""Keyset cursor pagination: exact while the register changes, bounded pages."""

import datetime
from urllib.parse import unquote

import pytest
from django.core import signing

from registry.api.pagination import _CURSOR_SIGNER, CURSOR_SALT, KeysetPagination
from tests.api.conftest import numbers, results, walk
from tests.factories import make_category, make_manufacturer, make_product

pytestmark = pytest.mark.django_db

LIST = "/api/v1/products/"
SAME_DAY = datetime.date(2026, 5, 5)


@pytest.fixture
def many():
    maker, category = make_manufacturer(), make_category()
    return [make_product(manufacturer=maker, category=category, registered_at=SAME_DAY)
            for _ in range(7)]


def test_walking_the_pages_sees_every_entry_once_in_order(client, many):
    rows = walk(client, LIST, {"page_size": 2})
    assert [r["registry_number"] for r in rows] == sorted(e.registry_number for e in many)


def test_the_previous_link_goes_back_a_page(client, many):
    first = client.get(LIST, {"page_size": 3})
    assert first.json()["previous"] is None
    second = client.get(first.json()["next"])
    back = client.get(second.json()["previous"])
    assert numbers(back) == numbers(first)
    assert back.json()["previous"] is None
    assert client.get(back.json()["next"]).json()["results"] == results(second)


def test_pages_stay_exact_while_entries_are_added(client, many):
    """Rows added before the cursor are not seen, rows after it are, none twice."""
    maker, category = many[0].manufacturer, many[0].category
    first = client.get(LIST, {"page_size": 3, "ordering": "registered_at"})
    seen = numbers(first)
    # Same day as every row: the tie is broken by the key, so these sort by creation.
    before = make_product(manufacturer=maker, category=category,
                          registered_at=datetime.date(2026, 1, 1))
    after = make_product(manufacturer=maker, category=category, registered_at=SAME_DAY)
    response = client.get(first.json()["next"])
    while True:
        seen += numbers(response)
        if response.json()["next"] is None:
            break
        response = client.get(response.json()["next"])
    assert len(seen) == len(set(seen)) == len(many) + 1
    assert before.registry_number not in seen and seen[-1] == after.registry_number


def test_pages_stay_exact_while_entries_change(client, many):
    """An entry changed while walking by updated_at moves to the end and is seen there."""
    first = client.get(LIST, {"page_size": 3, "ordering": "updated_at"})
    many[0].save()
    rows = numbers(first) + [r["registry_number"] for r in walk(client, first.json()["next"])]
    assert rows.count(many[0].registry_number) == 2 and rows[-1] == many[0].registry_number
    assert len(set(rows)) == len(many)


def test_page_size_has_a_default_and_a_maximum(client, many):
    assert len(results(client.get(LIST, {"page_size": 5}))) == 5
    assert client.get(LIST, {"page_size": KeysetPagination.max_page_size}).status_code == 200
    too_big = client.get(LIST, {"page_size": KeysetPagination.max_page_size + 1})
    assert too_big.status_code == 400
    assert too_big.json()["fields"]["page_size"][0]["code"] == "max_value"
    assert client.get(LIST, {"page_size": 0}).status_code == 400


def test_default_page_size(client):
    maker, category = make_manufacturer(), make_category()
    for _ in range(KeysetPagination.page_size + 1):
        make_product(manufacturer=maker, category=category)
    first = client.get(LIST)
    assert len(results(first)) == KeysetPagination.page_size
    assert len(results(client.get(first.json()["next"]))) == 1


def test_links_keep_the_query(client, many):
    link = client.get(LIST, {"page_size": 2, "ordering": "-part_number",
                             "country": "RU"}).json()["next"]
    assert "page_size=2" in link and "ordering=-part_number" in link and "country=RU" in link


@pytest.mark.parametrize("cursor", ["abc", "eyJvIjoicGsifQ:1:sig", "x" * 999])
def test_a_cursor_the_api_did_not_issue_is_refused(client, many, cursor):
    response = client.get(LIST, {"cursor": cursor})
    assert response.status_code == 400
    assert response.json()["fields"]["cursor"][0]["code"] == "invalid_cursor"


def test_a_cursor_of_another_ordering_is_refused(client, many):
    link = client.get(LIST, {"page_size": 2}).json()["next"]
    response = client.get(link + "&ordering=-updated_at")
    assert response.status_code == 400
    assert response.json()["fields"]["cursor"][0]["code"] == "invalid_cursor"


def test_a_tampered_cursor_is_refused(client, many):
    link = client.get(LIST, {"page_size": 2}).json()["next"]
    token = link.split("cursor=")[1].split("&")[0]
    tampered = token[:5] + ("A" if token[5] != "A" else "B") + token[6:]
    assert client.get(LIST, {"cursor": tampered}).status_code == 400


def test_a_cursor_issued_with_a_time_stamp_still_leads_on(client, many):
    # Cursors were once signed with the time; a client walking the pages then goes on.
    link = client.get(LIST, {"page_size": 2}).json()["next"]
    token = unquote(link.split("cursor=")[1].split("&")[0])
    stamped = signing.dumps(_CURSOR_SIGNER.unsign_object(token), salt=CURSOR_SALT,
                            compress=True)
    response = client.get(LIST, {"page_size": 2, "cursor": stamped})
    assert numbers(response) == numbers(client.get(link))
