"""GET /api/v1/manufacturers/ and /api/v1/manufacturers/<slug>/."""

import datetime

import pytest
from django.utils import timezone

from tests.api.conftest import results
from tests.factories import make_manufacturer, make_user

pytestmark = pytest.mark.django_db

LIST = "/api/v1/manufacturers/"


def slugs(client, **params):
    return [row["slug"] for row in results(client.get(LIST, params))]


def test_the_public_sees_admitted_manufacturers_only(client, register):
    make_manufacturer(slug="refused-maker", status="refused")
    assert slugs(client) == ["maker-a", "maker-b"]
    assert client.get(f"{LIST}pending-maker/").status_code == 404
    assert client.get(f"{LIST}refused-maker/").status_code == 404


def test_a_representative_sees_their_own_pending_manufacturer(client, register):
    client.force_login(make_user("pending_rep", represents=register.pending))
    assert "pending-maker" in slugs(client)
    assert client.get(f"{LIST}pending-maker/").json()["status"] == "pending"


def test_a_manufacturer_shows_what_its_public_page_shows_and_no_email(client, maker_b):
    maker_b.email = "secret@example.org"
    maker_b.website = "https://maker-b.example"
    maker_b.save()
    body = client.get(f"{LIST}maker-b/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert "email" not in body and "secret@example.org" not in str(body)
    assert (body["slug"], body["country"], body["inn"], body["ogrn"], body["unp"]) == (
        "maker-b", "RU", maker_b.inn, maker_b.ogrn, "")
    assert body["name"] == maker_b.name_en and body["website"] == "https://maker-b.example"
    assert body["url"] == "http://testserver/manufacturers/maker-b/"
    assert body["products_url"] == "http://testserver/api/v1/products/?manufacturer=maker-b"


def test_an_empty_website_is_null(client, maker_a):
    assert client.get(f"{LIST}maker-a/").json()["website"] is None


def test_filters(client, register):
    assert slugs(client, country="BY") == ["maker-a"]
    assert slugs(client, country=["BY", "RU"]) == ["maker-a", "maker-b"]
    assert slugs(client, q=register.mcu_entry.manufacturer.short_name_en) == ["maker-b"]
    assert slugs(client, q="pending") == []
    moment = timezone.now()
    register.mcu_entry.manufacturer.save()
    assert slugs(client, updated_since=moment.isoformat()) == ["maker-b"]
    assert slugs(client, updated_since=(moment + datetime.timedelta(hours=1)).isoformat()) == []


def test_ordering_and_brief(client, register):
    assert slugs(client, ordering="-slug") == ["maker-b", "maker-a"]
    row = results(client.get(LIST, {"brief": "true"}))[0]
    assert set(row) == {"slug", "short_name", "country", "url", "api_url"}
