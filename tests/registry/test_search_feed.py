"""Following a search as an Atom feed: the change feed's events of the entries the search finds,
newest first; an entry that lapses is reported even to a follower of registered entries."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from products.models import Product
from registry import term_tasks, workflow
from tests.factories import make_category

pytestmark = pytest.mark.django_db

FEED = "/search/feed.atom"
ATOM = "{http://www.w3.org/2005/Atom}"
EN = {"accept-language": "en"}


@pytest.fixture
def categories():
    return make_category(slug="mcu", name_en="Microcontrollers"), make_category(slug="diodes")


def register(maker, registrar, category, part_number, **fields):
    product = Product(manufacturer=maker, category=category, part_number=part_number,
                      name_ru="Изделие", **fields)
    return workflow.register_directly(product, registrar, reason="paper register")


def entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [(e.find(f"{ATOM}title").text, e.find(f"{ATOM}link").get("href"))
            for e in root.findall(f"{ATOM}entry")]


def test_a_category_feed_lists_the_inclusions_in_it_newest_first(client, maker_a, registrar,
                                                                  categories):
    mcu, diodes = categories
    first = register(maker_a, registrar, mcu, "IN1986BE1")
    second = register(maker_a, registrar, mcu, "IN1986BE2")
    register(maker_a, registrar, diodes, "2D522B")
    listed = entries(client.get(FEED, {"category": "mcu"}, headers=EN))
    assert listed == [
        ("IN1986BE2 — included in the register", f"http://testserver{second.get_absolute_url()}"),
        ("IN1986BE1 — included in the register", f"http://testserver{first.get_absolute_url()}"),
    ]


def test_a_follower_of_registered_entries_hears_of_an_expiry(client, maker_a, registrar,
                                                             categories):
    mcu, _ = categories
    entry = register(maker_a, registrar, mcu, "IN1986BE1")
    today = timezone.localdate()
    Product.objects.filter(pk=entry.pk).update(registered_at=today - datetime.timedelta(days=900),
                                               valid_until=today - datetime.timedelta(days=1))
    term_tasks.run()
    listed = entries(client.get(FEED, {"category": "mcu", "status": "registered"}, headers=EN))
    assert [title for title, _link in listed] == [
        "IN1986BE1 — term of registration ended", "IN1986BE1 — included in the register"]


def test_the_feed_takes_the_search_box_and_names_the_search(client, maker_a, registrar,
                                                            categories):
    mcu, _ = categories
    register(maker_a, registrar, mcu, "IN1986BE1")
    register(maker_a, registrar, mcu, "KT315B")
    response = client.get(FEED, {"q": "kt315"}, headers=EN)
    assert [title for title, _link in entries(response)] == ["KT315B — included in the register"]
    title = ET.fromstring(response.content).find(f"{ATOM}title").text
    assert title == "Changes in the register: kt315"


def test_a_bad_search_gets_a_message_not_a_feed(client, categories):
    response = client.get(FEED, {"category": "no-such"}, headers=EN)
    assert response.status_code == 400
    assert "could not be run" in response.content.decode()


def test_the_search_page_offers_its_feed(client, maker_a, registrar, categories):
    register(maker_a, registrar, categories[0], "IN1986BE1")
    page = client.get("/search/", {"category": "mcu"}, headers=EN).content.decode()
    assert 'type="application/atom+xml"' in page
    assert f'href="{FEED}?category=mcu"' in page
