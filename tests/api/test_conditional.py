"""ETag / Last-Modified and 304 on lists, details, small lists and exports."""

import datetime
import time

import pytest
from django.utils import timezone
from django.utils.http import http_date

from manufacturers.models import Manufacturer
from products.models import Product
from registry import workflow

pytestmark = pytest.mark.django_db

LIST = "/api/v1/products/"


def detail(entry):
    return f"{LIST}{entry.registry_number}/"


def test_a_list_answers_304_to_its_etag(client, register):
    first = client.get(LIST)
    assert first["ETag"].startswith('W/"') and first["Last-Modified"]
    again = client.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]


def test_a_page_with_a_next_link_keeps_its_etag_from_one_second_to_the_next(client, register):
    # The cursor in the next link is signed; a signature that carried the time changed the
    # page, and so its ETag, every second, and no client or proxy ever got its 304.
    first = client.get(LIST, {"page_size": 1})
    assert first.json()["next"]
    time.sleep(1.1)
    again = client.get(LIST, {"page_size": 1}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert client.get(first.json()["next"]).json()["results"][0]["registry_number"] != (
        first.json()["results"][0]["registry_number"])


def test_a_change_makes_the_list_stale(client, register):
    etag = client.get(LIST)["ETag"]
    register.suspended.suspension_reason = "Audit extended"
    register.suspended.save()
    response = client.get(LIST, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag


def test_a_manufacturer_change_makes_its_entries_stale(client, register):
    etag = client.get(detail(register.mcu_entry))["ETag"]
    maker = register.mcu_entry.manufacturer
    page = {"manufacturer": maker.slug}
    page_etag = client.get(LIST, page)["ETag"]
    assert client.get(LIST, page, HTTP_IF_NONE_MATCH=page_etag).status_code == 304
    maker.short_name_ru = "Другое имя"
    maker.save()
    assert client.get(detail(register.mcu_entry), HTTP_IF_NONE_MATCH=etag).status_code == 200
    assert client.get(LIST, page, HTTP_IF_NONE_MATCH=page_etag).status_code == 200


def test_filters_pages_and_language_have_their_own_etags(client, register):
    etags = {
        client.get(LIST)["ETag"],
        client.get(LIST, {"country": "BY"})["ETag"],
        client.get(LIST, {"page_size": 1})["ETag"],
        client.get(LIST, HTTP_ACCEPT_LANGUAGE="en")["ETag"],
    }
    assert len(etags) == 4


def test_if_modified_since(client, register):
    last_modified = client.get(LIST)["Last-Modified"]
    assert client.get(LIST, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    earlier = http_date((register.mcu_entry.updated_at - datetime.timedelta(days=1)).timestamp())
    assert client.get(LIST, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200
    assert client.get(LIST, HTTP_IF_MODIFIED_SINCE="not a date").status_code == 200


def test_a_copy_from_before_midnight_is_stale_once_the_entry_lapsed_at_midnight(client,
                                                                                register):
    """Nothing was written when the term ended, yet yesterday's copy said "registered"."""
    entry = register.mcu_entry
    today = timezone.localdate()
    long_ago = timezone.now() - datetime.timedelta(days=3)
    Product.objects.filter(pk=entry.pk).update(updated_at=long_ago,
                                               valid_until=today - datetime.timedelta(days=1))
    Manufacturer.objects.filter(pk=entry.manufacturer_id).update(updated_at=long_ago)
    yesterday_evening = timezone.make_aware(
        datetime.datetime.combine(today, datetime.time.min)) - datetime.timedelta(hours=2)
    response = client.get(detail(entry),
                          HTTP_IF_MODIFIED_SINCE=http_date(yesterday_evening.timestamp()))
    assert response.status_code == 200 and response.json()["status"] == "expired"
    again = client.get(detail(entry), HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304


def test_if_none_match_wins_over_if_modified_since(client, register):
    last_modified = client.get(LIST)["Last-Modified"]
    response = client.get(LIST, HTTP_IF_NONE_MATCH='"stale"',
                          HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 200


def test_etags_compare_weakly_and_star_matches(client, register):
    etag = client.get(detail(register.mcu_entry))["ETag"]
    strong = etag.removeprefix("W/")
    for header in (strong, f'"other", {etag}', "*"):
        response = client.get(detail(register.mcu_entry), HTTP_IF_NONE_MATCH=header)
        assert response.status_code == 304, header


def test_a_detail_answers_304_before_loading_the_entry(client, register,
                                                       django_assert_num_queries):
    etag = client.get(detail(register.mcu_entry))["ETag"]
    with django_assert_num_queries(1):
        response = client.get(detail(register.mcu_entry), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


@pytest.mark.parametrize("page_size", [1, 50])
def test_a_list_answers_304_before_reading_the_related_rows(client, register, page_size,
                                                             django_assert_num_queries):
    # The page's rows, carrying the newest change: one query, whatever the page holds.
    etag = client.get(LIST, {"page_size": page_size})["ETag"]
    with django_assert_num_queries(1):
        response = client.get(LIST, {"page_size": page_size}, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


def test_an_entry_leaving_a_filtered_page_makes_it_stale(client, register, registrar):
    url = f"{LIST}?status=registered"
    etag = client.get(url)["ETag"]
    workflow.suspend(register.logic_entry, registrar, reason="Audit of the line")
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert register.logic_entry.registry_number not in response.content.decode()


def test_manufacturers_answer_conditional_requests(client, register):
    url = "/api/v1/manufacturers/maker-a/"
    response = client.get(url)
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304


@pytest.mark.parametrize("url", ["/api/v1/categories/", "/api/v1/categories/mcu/",
                                 "/api/v1/substitutes/?part=74HC164", "/api/v1/"])
def test_small_responses_are_validated_by_their_body(client, register, url):
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_category_rename_makes_the_tree_stale(client, register):
    etag = client.get("/api/v1/categories/")["ETag"]
    register.mcu.name_en = "Microcontrollers"
    register.mcu.save()
    assert client.get("/api/v1/categories/", HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/export.jsonl", "/api/v1/export.csv"])
def test_an_unchanged_register_is_not_exported_again(client, register, url):
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.django_db
def test_bad_query_values_are_refused_even_when_the_client_copy_would_be_current(client):
    response = client.get("/api/v1/manufacturers/", {"page_size": "false"},
                          headers={"if-none-match": "*"})
    assert response.status_code == 400
    response = client.get("/api/v1/products/", {"cursor": "forged"},
                          headers={"if-none-match": "*"})
    assert response.status_code == 400
