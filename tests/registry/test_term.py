"""An entry lives its term: past `valid_until` it is expired on every surface at once; the daily
round writes that down once; a lapsed origin document suspends the entry until a new one is
accepted; a renewal keeps the number and extends the term; reminders go out once; overdue
applications head the desk's queue."""

import datetime
import io
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from products.models import Product, ProductStatus
from registry import proposals, term_tasks, workflow
from registry.extracts.content import status_facts
from registry.extracts.models import Extract
from registry.extracts.wording import status_sentences
from registry.models import Action, Application, ChangeEvent, Decision, Reminder
from registry.opendata.rows import entry_row
from registry.term import add_years
from tests.applications import include_data, make_application, mcu_category
from tests.factories import make_product

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
EN = {"accept-language": "en"}


def lapsed_entry(maker, valid_until=TODAY - DAY, **fields):
    """Registered, with a term that ended yesterday (nothing has recorded it yet)."""
    return make_product("K1986BE92QI", manufacturer=maker, registered_at=TODAY - 1000 * DAY,
                        valid_until=valid_until, analogs=[("STM32F103C8T6", "functional")],
                        **fields)


@pytest.fixture
def rounds(django_capture_on_commit_callbacks):
    """The daily round, its e-mail sent once its transactions commit."""
    def run(today=None):
        with django_capture_on_commit_callbacks(execute=True):
            return term_tasks.run(today)
    return run


# --- Reads are right without any job --------------------------------------------------------


def test_a_lapsed_entry_reads_expired_on_its_page(client, maker_a):
    entry = lapsed_entry(maker_a)
    assert Product.objects.get(pk=entry.pk).status == ProductStatus.REGISTERED  # nothing ran
    page = client.get(entry.get_absolute_url(), headers=EN).content.decode()
    assert "status-expired" in page
    assert "The term of the registration ended on" in page
    assert "status-registered" not in page


def test_a_lapsed_entry_reads_expired_in_the_api_detail_list_and_filters(client, maker_a):
    entry = lapsed_entry(maker_a)
    current = make_product(manufacturer=maker_a, valid_until=TODAY + 10 * DAY)
    detail = client.get(f"/api/v1/products/{entry.registry_number}/").json()
    assert detail["status"] == "expired"
    brief = client.get(f"/api/v1/products/{entry.registry_number}/?brief=1").json()
    assert brief["status"] == "expired"

    def numbers(status):
        body = client.get("/api/v1/products/", {"status": status}).json()
        return {row["registry_number"] for row in body["results"]}

    assert numbers("expired") == {entry.registry_number}
    assert numbers("registered") == {current.registry_number}


def test_a_lapsed_entry_counts_as_expired_in_the_search_facet(client, maker_a):
    lapsed_entry(maker_a)
    make_product(manufacturer=maker_a, valid_until=TODAY + 10 * DAY)
    response = client.get("/search/")
    statuses = {option.value: option.count for option in response.context["panel"].statuses}
    assert statuses["expired"] == 1
    assert statuses["registered"] == 1
    filtered = client.get("/search/", {"status": "registered"})
    assert [p.part_number for p in filtered.context["page"].object_list] != ["K1986BE92QI"]


def test_a_lapsed_entry_is_expired_in_the_exports_and_open_data(client, maker_a):
    entry = lapsed_entry(maker_a)
    line = client.get("/api/v1/export.jsonl").getvalue().decode().splitlines()[0]
    assert json.loads(line)["status"] == "expired"
    table = client.get("/api/v1/export.csv").getvalue().decode()
    assert ",expired," in table
    site = client.get("/search/export.csv").getvalue().decode("utf-8-sig")
    assert ",срок истёк," in site  # the site's export speaks Russian by default
    assert entry_row(Product.objects.get(pk=entry.pk))["status"] == "expired"


def test_a_lapsed_entry_is_expired_on_its_extract(client, maker_a):
    entry = lapsed_entry(maker_a)
    assert status_facts(entry)["code"] == "expired"
    sentences = status_sentences(status_facts(entry),
                                 {"valid_until": entry.valid_until.isoformat()})
    assert sentences[0].startswith("The term of the registration ended on")
    response = client.get(f"/products/{entry.registry_number}/extract.pdf")
    assert response.status_code == 200
    assert Extract.objects.get().data["status"]["code"] == "expired"


def test_a_lapsed_entry_is_never_offered_as_a_substitute(client, maker_a):
    lapsed_entry(maker_a)
    body = client.get("/api/v1/substitutes/", {"part": "STM32F103C8T6"}).json()
    assert body["results"] == []


def test_the_desk_lists_a_lapsed_entry_under_expired_not_registered(client, registrar,
                                                                      maker_a):
    entry = lapsed_entry(maker_a)
    client.force_login(registrar)

    def listed(status):
        response = client.get("/admin/products/product/", {"status": status})
        return list(response.context["cl"].result_list)

    assert listed("expired") == [entry]
    assert listed("registered") == []


def test_the_last_day_of_the_term_is_still_in_force(client, maker_a):
    entry = make_product(manufacturer=maker_a, valid_until=TODAY)
    assert client.get(f"/api/v1/products/{entry.registry_number}/").json()["status"] == \
        "registered"


def test_an_excluded_entry_stays_excluded_after_its_term(maker_a):
    entry = lapsed_entry(maker_a, status="excluded", excluded_at=TODAY - 5 * DAY,
                         exclusion_reason="false_data")
    assert entry.effective_status == "excluded"
    assert Product.objects.in_status("excluded").get() == entry
    assert not Product.objects.in_status("expired").exists()


def test_the_api_list_costs_the_same_queries_with_lapsed_entries(client, maker_a,
                                                                 django_assert_max_num_queries):
    make_product(manufacturer=maker_a)
    lapsed_entry(maker_a)
    client.get("/api/v1/products/")
    with django_assert_max_num_queries(8):
        client.get("/api/v1/products/", {"status": "expired"})


# --- The daily round --------------------------------------------------------------------------


def test_the_round_records_an_expiry_once_in_the_log_and_the_feed(maker_a, rep_a, rounds):
    entry = lapsed_entry(maker_a)
    assert rounds().expired == 1
    entry.refresh_from_db()
    assert entry.status == ProductStatus.EXPIRED
    decision = Decision.objects.get(product=entry)
    assert (decision.action, decision.from_state, decision.to_state, decision.actor) == (
        Action.ENTRY_EXPIRED, "registered", "expired", None)
    event = ChangeEvent.objects.get(product=entry)
    assert event.kind == "entry.expired"
    assert event.changes["status"] == {"before": "registered", "after": "expired"}
    assert "истёк" in mail.outbox[-1].body  # in the representative's language, Russian
    # Again the same day, or the next: nothing more.
    assert rounds().expired == 0
    call_command("run_term_tasks", "--date", (TODAY + DAY).isoformat(), stdout=io.StringIO())
    assert Decision.objects.filter(product=entry).count() == 1
    assert ChangeEvent.objects.filter(product=entry).count() == 1


def test_the_feed_shows_mirrors_the_expiry(client, maker_a, rounds):
    entry = lapsed_entry(maker_a)
    rounds()
    events = client.get("/api/v1/changes/").json()["results"]
    assert [(e["kind"], e["registry_number"]) for e in events] == [
        ("entry.expired", entry.registry_number)]


def test_the_command_refuses_a_malformed_date():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("run_term_tasks", "--date", "yesterday")


# --- Origin documents -------------------------------------------------------------------------


def test_a_lapsed_origin_document_suspends_and_a_new_one_reinstates(client, maker_a, rep_a,
                                                                    registrar, rounds):
    entry = make_product(manufacturer=maker_a, valid_until=TODAY + 400 * DAY,
                         origin_document_kind="certificate", origin_document_number="СТ-1/24",
                         origin_document_valid_until=TODAY - DAY)
    done = rounds()
    assert (done.suspended, done.reinstated) == (1, 0)
    entry.refresh_from_db()
    assert entry.status == ProductStatus.SUSPENDED
    assert entry.suspension_reason_code == "origin_expired"
    assert "СТ-1/24" in entry.suspension_reason
    detail = client.get(f"/api/v1/products/{entry.registry_number}/").json()
    assert (detail["status"], detail["suspension_reason_code"]) == ("suspended", "origin_expired")
    page = client.get(entry.get_absolute_url(), headers=EN).content.decode()
    assert "origin document expired" in page
    assert rounds().suspended == 0  # once

    data = {**proposals.of_entry(entry), "origin_document_number": "СТ-9/26",
            "origin_document_valid_until": (TODAY + 700 * DAY).isoformat()}
    make_application(rep_a, maker_a, kind="amend", product=entry, data=data, state="approved",
                     registrar=registrar)
    entry.refresh_from_db()
    assert entry.status == ProductStatus.REGISTERED
    assert entry.suspension_reason_code == ""
    assert list(ChangeEvent.objects.filter(product=entry).values_list("kind", flat=True)) == [
        "entry.suspended", "entry.amended", "entry.reinstated"]


# --- Renewal ------------------------------------------------------------------------------------


def test_renewal_keeps_the_number_and_extends_the_term_from_the_old_end(maker_a, rep_a,
                                                                        registrar, rounds):
    end = TODAY - 10 * DAY
    entry = lapsed_entry(maker_a, valid_until=end)
    rounds()
    application = make_application(rep_a, maker_a, kind="renew", product=entry,
                                   state="approved", registrar=registrar)
    entry.refresh_from_db()
    assert application.product.registry_number == entry.registry_number
    assert entry.valid_until == add_years(end, 5)
    assert entry.status == entry.effective_status == ProductStatus.REGISTERED
    event = ChangeEvent.objects.filter(product=entry).last()
    assert event.kind == "entry.renewed"
    assert event.changes["valid_until"]["after"] == add_years(end, 5).isoformat()


def test_renewal_is_refused_outside_its_window_with_the_dates(maker_a, rep_a):
    early = make_product(manufacturer=maker_a, valid_until=TODAY + 181 * DAY)
    with pytest.raises(workflow.TransitionError, match="can be applied for from"):
        workflow.create_application(rep_a, maker_a, "renew", product=early)
    late = lapsed_entry(maker_a, valid_until=TODAY - 91 * DAY)
    with pytest.raises(workflow.TransitionError, match="renewal was possible until"):
        workflow.create_application(rep_a, maker_a, "renew", product=late)
    assert not Application.objects.exists()
    workflow.create_application(rep_a, maker_a, "renew",
                                product=make_product(manufacturer=maker_a,
                                                     valid_until=TODAY + 180 * DAY))


def test_renewal_window_is_a_clear_message_in_the_portal(client, maker_a, rep_a):
    early = make_product(manufacturer=maker_a, valid_until=TODAY + 300 * DAY)
    client.force_login(rep_a)
    response = client.post(
        f"/portal/applications/new/?kind=renew&manufacturer={maker_a.pk}"
        f"&registry_number={early.registry_number}", {"note": ""}, follow=True, headers=EN)
    assert response.status_code == 200
    assert "can be applied for from" in response.content.decode()
    assert not Application.objects.exists()


def test_an_expired_entry_is_renewed_not_amended(maker_a, rep_a):
    entry = lapsed_entry(maker_a)
    with pytest.raises(workflow.TransitionError, match="apply to renew it first"):
        workflow.create_application(rep_a, maker_a, "amend", product=entry)


# --- Reminders ----------------------------------------------------------------------------------


def test_reminders_go_out_once_at_90_30_and_7_days(maker_a, rep_a, rounds):
    entry = make_product(manufacturer=maker_a, valid_until=TODAY + 90 * DAY)
    assert rounds().expiry_reminders == 1
    assert rounds().expiry_reminders == 0
    assert len(mail.outbox) == 1
    assert entry.registry_number in mail.outbox[0].subject
    assert mail.outbox[0].to == [rep_a.email]
    assert "через 90 дней" in mail.outbox[0].body
    assert rounds(TODAY + 59 * DAY).expiry_reminders == 0   # 31 days left
    assert rounds(TODAY + 60 * DAY).expiry_reminders == 1   # 30
    assert rounds(TODAY + 83 * DAY).expiry_reminders == 1   # 7
    assert rounds(TODAY + 84 * DAY).expiry_reminders == 0
    assert Reminder.objects.filter(product=entry).count() == 3


def test_a_late_first_run_sends_only_the_most_pressing_reminder(maker_a, rep_a, rounds):
    make_product(manufacturer=maker_a, valid_until=TODAY + 5 * DAY)
    assert rounds().expiry_reminders == 1
    assert rounds().expiry_reminders == 0
    assert len(mail.outbox) == 1


def test_registrars_are_reminded_once_of_a_review_deadline(settings, maker_a, rep_a, registrar,
                                                         rounds):
    application = make_application(rep_a, maker_a, state="under_review", registrar=registrar)
    assert application.due_on == TODAY + settings.REVIEW_PERIOD_DAYS["include"] * DAY
    mail.outbox.clear()
    assert rounds().review_reminders == 0
    assert rounds(application.due_on - 3 * DAY).review_reminders == 1
    assert rounds(application.due_on - 2 * DAY).review_reminders == 0
    assert [message.to for message in mail.outbox] == [[registrar.email]]
    assert application.reference in mail.outbox[0].subject


# --- The desk's queue -----------------------------------------------------------------------


def test_the_queue_shows_due_dates_and_lists_overdue_first(client, maker_a, rep_a, registrar):
    fresh = make_application(rep_a, maker_a, state="submitted")
    late = make_application(rep_a, maker_a, state="submitted",
                            data=include_data(mcu_category(), part_number="1986ВЕ1Т"))
    Application.objects.filter(pk=late.pk).update(due_on=TODAY - 2 * DAY)
    client.force_login(registrar)
    response = client.get("/admin/registry/application/")
    rows = list(response.context["cl"].result_list)
    assert [row.pk for row in rows] == [late.pk, fresh.pk]
    page = response.content.decode()
    assert "overdue" in page
    assert page.index(late.reference) < page.index(fresh.reference)


def test_the_desk_shows_a_renewal_with_its_entry_and_term(client, maker_a, rep_a, registrar):
    entry = make_product(manufacturer=maker_a, valid_until=TODAY + 20 * DAY)
    application = make_application(rep_a, maker_a, kind="renew", product=entry,
                                   state="under_review", registrar=registrar)
    client.force_login(registrar)
    page = client.get(f"/admin/registry/application/{application.pk}/change/",
                      headers={"accept-language": "en"}).content.decode()
    assert "Entry to renew" in page
    assert entry.registry_number in page
