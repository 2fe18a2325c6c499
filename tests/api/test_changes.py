"""GET /api/v1/changes/: the change feed's pages, cursor, representations and refusals."""

import pytest

from products.models import Product
from registry import workflow
from registry.models import ChangeEvent, EntryDocument
from tests.api.registers import Register
from tests.factories import make_manufacturer, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def registrar(registrar_ru):
    """The makers here are Russian (the factories' default): Russia's registrar decides."""
    return registrar_ru
FEED = "/api/v1/changes/"


@pytest.fixture
def register(registrar):
    register = Register(registrar)
    register.include(0)
    register.include(1)
    return register


def page(client, **params):
    response = client.get(FEED, params, headers={"accept-language": "en"})
    assert response.status_code == 200, response.content
    return response.json()


def test_events_carry_what_the_detail_endpoints_show(client, register):
    register.step("rename_category", 1)
    events = page(client)["results"]
    assert [e["kind"] for e in events] == [
        "manufacturer.admitted", "manufacturer.admitted", "entry.included", "entry.included",
        "category.changed"]
    for event in events:
        subject = event["subject"]
        assert [name for name in ("entry", "manufacturer", "category")
                if event[name] is not None] == [subject]
        key = {"entry": "registry_number", "manufacturer": "slug", "category": "slug"}[subject]
        detail = client.get(event[subject]["api_url"], headers={"accept-language": "en"})
        assert event[subject] == detail.json()
        assert event[subject][key] == event[{"entry": "registry_number",
                                             "manufacturer": "manufacturer_slug",
                                             "category": "category_slug"}[subject]]
    included = events[2]
    assert included["application"] is not None and included["changes"]["part_number"]
    assert included["manufacturer_slug"] == included["entry"]["manufacturer"]["slug"]


def test_refetch_names_the_lists_a_change_shows_differently(client, register):
    register.step("rename_category", 1)
    register.step("change_contacts", 0)
    register.step("rename_maker", 1)
    *_, category, contacts, renamed = page(client)["results"]
    slug = register.mcu.slug
    assert [(r["resource"], r["url"]) for r in category["refetch"]] == [
        ("categories", "http://testserver/api/v1/categories/?page_size=500"),
        ("entries", f"http://testserver/api/v1/products/?category={slug}&page_size=500")]
    assert contacts["refetch"] == []  # entries do not show a maker's website
    new_slug = renamed["manufacturer"]["slug"]
    assert renamed["changes"]["slug"]["after"] == new_slug
    assert [r["url"] for r in renamed["refetch"]] == [
        f"http://testserver/api/v1/products/?manufacturer={new_slug}&page_size=500"]


def test_the_public_never_sees_a_makers_e_mail_nor_a_hidden_maker(client, register, registrar):
    register.step("change_contacts", 0)
    hidden = make_manufacturer(status="pending")
    product = make_product(manufacturer=hidden, name_en="Old")

    def edit():
        fresh = Product.objects.get(pk=product.pk)
        fresh.name_en = "New"
        fresh.save()

    workflow.correct_entry(product, registrar, reason="typo", edit=edit)
    assert ChangeEvent.objects.filter(manufacturer=hidden).exists()
    events = page(client)["results"]
    contacts = events[-1]
    assert contacts["kind"] == "manufacturer.changed"
    assert "email" in ChangeEvent.objects.get(id=contacts["id"]).changes
    assert set(contacts["changes"]) == {"website"} and "email" not in contacts["manufacturer"]
    assert not any(e["manufacturer_slug"] == hidden.slug for e in events)


def test_pages_follow_the_cursor_without_gaps_or_repeats(client, register):
    ids = list(ChangeEvent.objects.order_by("id").values_list("id", flat=True))
    first = page(client, page_size=3)
    assert [e["id"] for e in first["results"]] == ids[:3]
    assert (first["cursor"], first["latest"], first["more"]) == (ids[2], ids[-1], True)
    second = client.get(first["next"]).json()
    assert [e["id"] for e in second["results"]] == ids[3:]
    assert (second["cursor"], second["more"]) == (ids[-1], False)
    assert page(client, after=ids[-1])["results"] == []


def test_a_kind_filter_moves_the_cursor_past_the_other_kinds(client, register):
    register.step("suspend", 0)
    register.step("include", 0)
    latest = ChangeEvent.objects.latest("id").id
    suspended = page(client, kind="entry.suspended")
    assert [e["kind"] for e in suspended["results"]] == ["entry.suspended"]
    assert suspended["cursor"] == latest and not suspended["more"]
    both = client.get(FEED, {"kind": ["entry.suspended", "manufacturer.admitted"]}).json()
    assert [e["kind"] for e in both["results"]] == ["manufacturer.admitted"] * 2 + [
        "entry.suspended"]


@pytest.mark.parametrize(("params", "field", "code"), [
    ({"after": "-1"}, "after", "min_value"),
    ({"after": "x"}, "after", "invalid"),
    ({"after": "99999999"}, "after", "cursor_ahead"),
    ({"page_size": "501"}, "page_size", "max_value"),
    ({"kind": "entry.deleted"}, "kind", "invalid_choice"),
    ({"after": ["1", "2"]}, "after", "repeated"),
])
def test_bad_queries_are_refused(client, register, params, field, code):
    response = client.get(FEED, params)
    assert response.status_code == 400
    assert response.json()["fields"][field][0]["code"] == code


def test_an_unchanged_feed_answers_304_and_a_change_makes_it_stale(client, register):
    response = client.get(FEED)
    etag = response["ETag"]
    assert client.get(FEED, headers={"if-none-match": etag}).status_code == 304
    register.step("suspend", 0)
    fresh = client.get(FEED, headers={"if-none-match": etag})
    assert fresh.status_code == 200 and fresh["ETag"] != etag


def test_the_feed_speaks_the_language_asked(client, register):
    english = page(client)["results"][2]["entry"]["category"]["name"]
    russian = client.get(FEED, headers={"accept-language": "ru"}).json()["results"][2]
    assert russian["entry"]["category"]["name"] != english


def test_the_feed_shows_an_entry_from_its_stored_document_or_written_out_alike(client,
                                                                            registrar):
    product = make_product()
    workflow.suspend(product, registrar, "audit")
    event = ChangeEvent.objects.filter(product=product).latest("id")

    def feed_entry():
        page = client.get("/api/v1/changes/", {"after": event.id - 1, "page_size": 1})
        return page.json()["results"][0]["entry"]

    detail = client.get(f"/api/v1/products/{product.registry_number}/").json()
    assert EntryDocument.objects.filter(product=product).exists()  # rendered with the event
    assert feed_entry() == detail
    # Links are on the address the client used, not on the documents' placeholder.
    assert detail["url"].startswith("http://testserver/")
    EntryDocument.objects.filter(product=product).delete()  # outdated or missing: written out
    assert feed_entry() == detail


def test_each_event_shows_the_moment_it_occurred_in_the_registers_time_zone(client, register):
    """Moments are read from the database as text and written as DRF writes what the ORM
    reads: in the register's time zone, to the microsecond."""
    from django.utils import timezone
    from rest_framework.fields import DateTimeField

    written = {e["id"]: e["occurred_at"] for e in page(client)["results"]}
    stored = dict(ChangeEvent.objects.values_list("id", "occurred_at"))
    assert written == {pk: DateTimeField().to_representation(moment)
                       for pk, moment in stored.items()}
    assert any(moment.microsecond for moment in stored.values())
    offset = timezone.localtime(next(iter(stored.values()))).isoformat()[-6:]
    assert all(text.endswith(offset) for text in written.values())
