"""A representative's "My entries": their manufacturers' entries only, with the status today
and the term, filterable, with the applications each entry allows as prefilled links."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from manufacturers.models import Membership
from registry import workflow
from tests.factories import make_product, make_user

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
EN = {"accept-language": "en"}


@pytest.fixture
def entries(maker_a, maker_b):
    return {
        "lapsed": make_product("LAPSED1", manufacturer=maker_a, registered_at=TODAY - 900 * DAY,
                               valid_until=TODAY - 5 * DAY),
        "soon": make_product("SOON1", manufacturer=maker_a, valid_until=TODAY + 20 * DAY),
        "far": make_product("FAR1", manufacturer=maker_a, valid_until=TODAY + 900 * DAY),
        "other": make_product("OTHER1", manufacturer=maker_b, valid_until=TODAY + 20 * DAY),
    }


def listed(response):
    return [p.part_number for p in response.context["page"].object_list]


def test_a_representative_sees_only_their_manufacturers_entries(client, rep_a, entries):
    client.force_login(rep_a)
    response = client.get("/portal/entries/", headers=EN)
    assert sorted(listed(response)) == ["FAR1", "LAPSED1", "SOON1"]
    assert "OTHER1" not in response.content.decode()


def test_anonymous_readers_are_sent_to_sign_in(client, entries):
    response = client.get("/portal/entries/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_status_and_term_filters(client, rep_a, entries):
    client.force_login(rep_a)
    assert listed(client.get("/portal/entries/", {"status": "expired"})) == ["LAPSED1"]
    assert sorted(listed(client.get("/portal/entries/", {"status": "registered"}))) == [
        "FAR1", "SOON1"]
    assert listed(client.get("/portal/entries/", {"term": "expiring"})) == ["SOON1"]
    assert listed(client.get("/portal/entries/", {"term": "renewable"})) == ["LAPSED1", "SOON1"]
    assert listed(client.get("/portal/entries/", {"q": "far"})) == ["FAR1"]
    bad = client.get("/portal/entries/", {"status": "nonsense", "manufacturer": "x"})
    assert bad.status_code == 200  # a bad filter is said, and the list is shown unfiltered
    assert len(listed(bad)) == 3


def test_each_entry_offers_what_it_allows_as_prefilled_links(client, rep_a, maker_a, entries):
    client.force_login(rep_a)
    page = client.get("/portal/entries/", headers=EN)
    actions = {p.part_number: [str(label) for label, _link in p.actions]
               for p in page.context["page"].object_list}
    assert actions == {"LAPSED1": ["Renew", "Withdraw"], "SOON1": ["Amend", "Renew", "Withdraw"],
                       "FAR1": ["Amend", "Withdraw"]}
    renew = next(link for label, link in page.context["page"].object_list[0].actions
                 if str(label) == "Renew")
    form = client.get(renew, headers=EN)
    assert form.status_code == 200
    assert form.context["kind"] == "renew"
    assert form.context["product"] == entries["lapsed"]
    amend = client.get(f"/portal/applications/new/?kind=amend&manufacturer={maker_a.pk}"
                       f"&registry_number={entries['far'].registry_number}")
    assert amend.context["forms"].entry.initial["part_number"] == "FAR1"


def test_a_viewer_sees_the_entries_without_buttons(client, maker_a, entries):
    viewer = make_user("viewer_a", represents=maker_a, role=Membership.Role.VIEWER)
    client.force_login(viewer)
    page = client.get("/portal/entries/")
    assert all(p.actions == [] for p in page.context["page"].object_list)


def test_an_entry_with_an_application_in_progress_links_to_it(client, rep_a, maker_a, entries):
    application = workflow.create_application(rep_a, maker_a, "renew", product=entries["soon"])
    client.force_login(rep_a)
    page = client.get("/portal/entries/", {"q": "SOON1"})
    (product,) = page.context["page"].object_list
    assert product.open_application == application.pk and product.actions == []
    assert f"/portal/applications/{application.pk}/" in page.content.decode()


def test_the_banner_lists_registrations_to_renew(client, rep_a, entries):
    client.force_login(rep_a)
    home = client.get("/portal/", headers=EN)
    assert sorted(p.part_number for p in home.context["expiring"]) == ["LAPSED1", "SOON1"]
    assert "Registrations to renew" in home.content.decode()


def test_the_list_costs_the_same_queries_for_more_entries(client, rep_a, maker_a, entries):
    client.force_login(rep_a)
    client.get("/portal/entries/")
    with CaptureQueriesContext(connection) as few:
        client.get("/portal/entries/")
    for n in range(10):
        make_product(f"MORE{n}", manufacturer=maker_a, valid_until=TODAY + (n + 1) * DAY)
    with CaptureQueriesContext(connection) as many:
        client.get("/portal/entries/")
    assert len(many) == len(few)
