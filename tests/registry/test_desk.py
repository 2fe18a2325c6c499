"""The desk's home and its reports: the counts of the registrar's queues (each a link to the
same rows), the SVG charts, the data-quality CSV; and the review after a resubmission."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from products.models import ProductionStage, ProductParameter
from registry import workflow
from registry.models import Application
from tests.applications import include_data, make_application, mcu_category
from tests.factories import make_product

pytestmark = pytest.mark.django_db
QUEUE = "/admin/registry/application/"
EN = {"accept-language": "en"}


@pytest.fixture
def desk(client, registrar):
    client.force_login(registrar)
    return client


def application(rep, maker, state, registrar, part):
    return make_application(rep, maker, state=state, registrar=registrar,
                            data=include_data(mcu_category(), part_number=part))


def test_the_dashboard_counts_each_queue_and_links_to_the_same_rows(desk, rep_a, maker_a,
                                                                    registrar):
    application(rep_a, maker_a, "under_review", registrar, "P1")
    application(rep_a, maker_a, "submitted", registrar, "P2")
    late = application(rep_a, maker_a, "submitted", registrar, "P3")
    Application.objects.filter(pk=late.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=45))
    application(rep_a, maker_a, "changes_requested", registrar, "P4")
    today = timezone.localdate()
    make_product(manufacturer=maker_a, valid_until=today + datetime.timedelta(days=30))
    make_product(manufacturer=maker_a, valid_until=today + datetime.timedelta(days=200))

    page = desk.get("/admin/", headers=EN)
    counts = {str(label): (count, link) for label, count, link in page.context["desk_counts"]}
    assert {label: count for label, (count, _link) in counts.items()} == {
        "My queue": 2,  # the one under review and the one returned for changes
        "Not taken by anyone": 2, "Overdue": 1, "Awaiting the manufacturer": 1,
        "Expiring within 90 days": 1,
    }
    html = page.content.decode()
    for label, (count, link) in counts.items():
        assert f'href="{link.replace("&", "&amp;")}"' in html
        listed = desk.get(link)
        assert listed.status_code == 200, label
        assert listed.context["cl"].result_count == count, label


def test_the_charts_are_svg_drawn_on_the_server(desk, rep_a, maker_a, registrar):
    application(rep_a, maker_a, "approved", registrar, "P1")
    application(rep_a, maker_a, "submitted", registrar, "P2")
    html = desk.get("/admin/", headers=EN).content.decode()
    assert html.count('<svg class="desk-chart"') == 3
    month = timezone.localdate().strftime("%m.%y")
    # The approval is a bar of this month, named by kind and the deciding state.
    assert f"<title>{month}: inclusion of a new product — BY — 1</title>" in html
    assert "<title>0–7: applications — 1</title>" in html  # the one awaiting a registrar
    assert "<script" not in html.split('class="desk-dashboard"')[1].split("</section>")[0]


def test_a_representative_has_no_dashboard_nor_report(client, rep_a):
    client.force_login(rep_a)
    assert client.get("/admin/data-quality.csv").status_code == 302  # to the desk's sign-in


def test_the_data_quality_report_lists_incomplete_entries_as_csv(desk, maker_a):
    bare = make_product(manufacturer=maker_a, tnved_code="", okpd2_code="")
    category = mcu_category()
    complete = make_product(manufacturer=maker_a, category=category,
                            tnved_code="8542310000", okpd2_code="26.11.30")
    ProductParameter.objects.create(product=complete, value="80",
                                    template=category.parameters.get(key="clock_mhz"))
    ProductionStage.objects.create(product=complete, stage="design", site="Минск",
                                   country="BY")
    lapsed = make_product(manufacturer=maker_a, origin_document_valid_until=(
        timezone.localdate() - datetime.timedelta(days=1)))
    response = desk.get("/admin/data-quality.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    found = {(row["problem"], row["registry_number"]) for row in rows}
    assert ("no_parameters", bare.registry_number) in found
    assert ("no_production_chain", bare.registry_number) in found
    assert ("no_codes", bare.registry_number) in found
    assert ("origin_document_expired", lapsed.registry_number) in found
    assert all(row["registry_number"] != complete.registry_number for row in rows)
    page = desk.get("/admin/data-quality/", headers=EN)
    assert page.status_code == 200 and "without parameters" in page.content.decode().lower()


def test_a_resubmission_returns_to_its_registrar_with_what_changed(
        desk, rep_a, maker_a, registrar, mailoutbox, django_capture_on_commit_callbacks):
    returned = application(rep_a, maker_a, "changes_requested", registrar, "P1")
    workflow.update_draft(returned, rep_a, data={**returned.proposal, "package": "LQFP64"})
    with django_capture_on_commit_callbacks(execute=True):
        resubmitted = workflow.resubmit(returned, rep_a, "Package given.")
    assert (resubmitted.state, resubmitted.assigned_to) == ("under_review", registrar)
    assert [m.to for m in mailoutbox] == [[registrar.email]]  # one e-mail, to the registrar
    mine = desk.get(f"{QUEUE}?queue=mine")
    assert [a.pk for a in mine.context["cl"].result_list] == [resubmitted.pk]
    page = desk.get(f"{QUEUE}{resubmitted.pk}/change/", headers=EN)
    html = page.content.decode()
    assert "Changed since your request for changes" in html
    assert [str(row.label) for row in page.context["since_request"]] == ["package"]
    assert "decision-approve" in html and "decision-take" not in html


def test_the_approval_message_names_the_registry_number(desk, rep_a, maker_a, registrar):
    under_review = application(rep_a, maker_a, "under_review", registrar, "P1")
    response = desk.post(f"{QUEUE}{under_review.pk}/approve/", follow=True, headers=EN)
    under_review.refresh_from_db()
    number = under_review.product.registry_number
    assert any(number in str(m) for m in response.context["messages"])


def test_my_actions_list_the_decisions_taken(desk, rep_a, maker_a, registrar):
    """Decisions are the desk's own pages, not the admin's saves: they are logged as such,
    so "My actions" no longer reads "none available" after a day of approvals."""
    approved = []
    for part in ("P1", "P2", "P3"):
        pending = application(rep_a, maker_a, "under_review", registrar, part)
        desk.post(f"{QUEUE}{pending.pk}/approve/")
        approved.append(pending)
    html = desk.get("/admin/", headers=EN).content.decode()
    actions = html.split('id="recent-actions-module"')[1]
    assert "None available" not in actions
    for done in approved:
        assert f'href="{QUEUE}{done.pk}/change/">' in actions


def test_my_decisions_include_those_taken_outside_the_desk(desk, rep_a, maker_a, registrar):
    """A decision taken through the API is the registrar's too: the list reads the log."""
    pending = application(rep_a, maker_a, "under_review", registrar, "P9")
    workflow.approve(pending, registrar)
    html = desk.get("/admin/", headers=EN).content.decode()
    mine = html.split('id="recent-actions-module"')[1]
    assert "My decisions" in mine and f'href="{QUEUE}{pending.pk}/change/">' in mine
    assert "Approved" in mine or "approved" in mine


def test_the_desk_speaks_russian_as_a_russian_reads_it(desk, rep_a, maker_a, registrar):
    application(rep_a, maker_a, "submitted", registrar, "P1")
    queue = desk.get(QUEUE, headers={"accept-language": "ru"}).content.decode()
    assert ">Номер<" in queue and ">Число<" not in queue
    index = desk.get("/admin/", headers={"accept-language": "ru"}).content.decode()
    groups = [index.index(f"app-{label} module") for label in ("registry", "products",
                                                               "manufacturers")]
    assert groups == sorted(groups)
    first_model = index.split("app-registry module")[1]
    assert first_model.index("Заявления") < first_model.index("Журнал решений")
