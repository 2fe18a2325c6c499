"""Anonymous reads kept by the register until it changes (registry.feed.cached_reads): the next
visitor gets the same answer for one cache read and one query, and never an answer older than
the register's last change, nor one built for somebody signed in."""

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from products import caching
from products.models import ForeignAnalog, Product
from registry import workflow
from tests.factories import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kept(settings):
    settings.RESPONSE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def entry(maker_a):
    return make_product("IN74HC164AN", manufacturer=maker_a, status="registered")


def detail(entry):
    return f"/api/v1/products/{entry.registry_number}/"


def test_the_next_anonymous_read_is_served_from_the_cache(client, entry,
                                                          django_assert_max_num_queries):
    first = client.get(detail(entry))
    assert first.status_code == 200 and first["X-Response-Cache"] == "miss"
    with django_assert_max_num_queries(1):  # the feed's newest event, nothing else
        second = client.get(detail(entry))
    assert second["X-Response-Cache"] == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == first["Content-Type"]
    # What belongs to the exchange is its own, set around the kept answer.
    assert second["X-Request-ID"] != first["X-Request-ID"]
    assert second["Cache-Control"] == first["Cache-Control"] == \
        "public, max-age=0, s-maxage=60"


def test_the_first_reader_after_the_cache_is_emptied_leaves_a_copy_for_the_second(client,
                                                                                   entry):
    page = f"/products/{entry.registry_number}/"  # counts nothing, sets no generation itself
    cache.clear()
    assert client.get(page)["X-Response-Cache"] == "miss"
    assert client.get(page)["X-Response-Cache"] == "hit"
    cache.clear()
    assert client.get("/search/?q=IN74HC164")["X-Response-Cache"] == "miss"  # facets count
    assert client.get("/search/?q=IN74HC164")["X-Response-Cache"] == "hit"


def test_a_change_without_an_event_or_a_commit_is_not_seen_until_one(client, entry):
    """Proof that the second answer is the kept one: a row changed behind the register's back
    (no event, no save signal) still reads as before."""
    client.get(detail(entry))
    Product.objects.filter(pk=entry.pk).update(name_en="Changed behind its back")
    assert b"Changed behind its back" not in client.get(detail(entry)).content


def test_a_suspension_is_seen_by_the_very_next_reader(client, entry, registrar):
    assert client.get(detail(entry)).json()["status"] == "registered"
    assert client.get(detail(entry))["X-Response-Cache"] == "hit"
    workflow.suspend(entry, registrar, "Origin document under check.")
    answer = client.get(detail(entry))
    assert answer["X-Response-Cache"] == "miss"
    assert answer.json()["status"] == "suspended"


def test_a_catalogue_row_saved_moves_the_cache_once_committed(client, entry, transactional_db):
    url = "/api/v1/substitutes/?part=SN74HC164N"
    assert b"IN74HC164AN" not in client.get(url).content
    assert client.get(url)["X-Response-Cache"] == "hit"
    with transaction.atomic():
        ForeignAnalog.objects.create(product=entry, part_number="SN74HC164N",
                                     compatibility="pin_to_pin")
        ForeignAnalog.objects.create(product=entry, part_number="74HC164",
                                     compatibility="pin_to_pin")
        pending = [callback for _ids, callback, _robust in connection.run_on_commit
                   if callback is caching._new_generation]
        assert len(pending) == 1  # once per transaction, not per row
    answer = client.get(url)
    assert answer["X-Response-Cache"] == "miss"
    assert b"IN74HC164AN" in answer.content


def test_pages_are_kept_per_language(client, entry):
    page = f"/products/{entry.registry_number}/"
    russian = client.get(page, HTTP_ACCEPT_LANGUAGE="ru")
    english = client.get(page, HTTP_ACCEPT_LANGUAGE="en")
    assert english["X-Response-Cache"] == "miss"
    assert english["Content-Language"] == "en" and russian["Content-Language"] == "ru"
    again = client.get(page, HTTP_ACCEPT_LANGUAGE="en")
    assert again["X-Response-Cache"] == "hit" and again.content == english.content
    assert client.get(page + "?lang=ru").content == russian.content


def test_a_signed_in_visitor_is_never_served_nor_kept(client, entry, rep_a):
    client.get(detail(entry))  # kept for the public
    client.force_login(rep_a)
    for _ in range(2):
        answer = client.get(detail(entry))
        assert "X-Response-Cache" not in answer
        assert answer["Cache-Control"] == "private, no-store"
    client.logout()
    assert client.get(detail(entry))["X-Response-Cache"] == "hit"


def test_a_kept_answer_is_revalidated_with_its_etag(client, entry):
    etag = client.get(detail(entry))["ETag"]
    answer = client.get(detail(entry), HTTP_IF_NONE_MATCH=etag)
    assert answer.status_code == 304 and answer["X-Response-Cache"] == "hit"
    assert answer["ETag"] == etag


def test_errors_and_exports_are_not_kept(client, entry):
    for url in ("/api/v1/products/UR-1999-000000/", "/api/v1/export.jsonl"):
        client.get(url)
        assert "X-Response-Cache" not in client.get(url)


def test_off_when_the_setting_is_zero(client, entry, settings):
    settings.RESPONSE_CACHE_SECONDS = 0
    client.get(detail(entry))
    assert "X-Response-Cache" not in client.get(detail(entry))
