"""The registrar's desk: the review queue, the application page, and every decision as an
admin action calling the workflow (refusals shown as messages, nothing changed)."""

import datetime
import re
from urllib.parse import urljoin

import pytest
from django.utils import timezone

from products.models import Product
from registry import workflow
from registry.models import Application, ChangeEvent, Decision
from registry.workflow.steps import available_steps
from tests.applications import include_data, make_application, mcu_category, pdf
from tests.factories import make_category, make_manufacturer, make_product, make_user

pytestmark = pytest.mark.django_db
EN = {"accept-language": "en"}
QUEUE = "/admin/registry/application/"


@pytest.fixture
def desk(client, registrar):
    client.force_login(registrar)
    return client


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_the_queue_shows_what_awaits_a_registrar_oldest_first(desk, rep_a, maker_a, registrar):
    category = mcu_category()

    def application(state, part):
        return make_application(rep_a, maker_a, state=state, registrar=registrar,
                                data=include_data(category, part_number=part))

    older = application("submitted", "P1")
    Application.objects.filter(pk=older.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=9))
    reviewed = application("under_review", "P2")
    newer = application("submitted", "P3")
    returned = application("changes_requested", "P4")
    approved = application("approved", "P5")
    draft = application("draft", "P6")

    queue = desk.get(QUEUE).context["cl"].result_list
    assert list(queue) == [older, reviewed, newer]
    assert list(desk.get(QUEUE, {"queue": "mine"}).context["cl"].result_list) == [
        reviewed, returned]
    assert list(desk.get(QUEUE, {"queue": "with_manufacturer"}).context["cl"].result_list) \
        == [returned]
    assert list(desk.get(QUEUE, {"queue": "closed"}).context["cl"].result_list) == [approved]
    everything = desk.get(QUEUE, {"queue": "all"}).context["cl"].result_list
    assert draft not in everything and len(everything) == 5
    assert list(desk.get(QUEUE, {"queue": "all", "q": "P3"}).context["cl"].result_list) == [
        newer]
    assert list(desk.get(QUEUE, {"queue": "all", "q": str(older.pk)})
                .context["cl"].result_list)[0] == older
    page = desk.get(QUEUE, headers=EN).content.decode()
    assert "1\xa0week, 2\xa0days" in page


def test_the_queue_runs_a_fixed_number_of_queries(desk, rep_a, maker_a,
                                                  django_assert_max_num_queries):
    category = mcu_category()
    for n in range(3):
        make_application(rep_a, maker_a, state="submitted",
                         data=include_data(category, part_number=f"A{n}"))
    with django_assert_max_num_queries(20) as few:
        desk.get(QUEUE)
    for n in range(25):
        make_application(rep_a, maker_a, state="submitted",
                         data=include_data(category, part_number=f"B{n}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        desk.get(QUEUE)


def test_an_amendment_is_shown_side_by_side_with_the_changes_marked(desk, rep_a, maker_a,
                                                                    registrar):
    product = make_product("К1986ВЕ92QI", manufacturer=maker_a, category=mcu_category(),
                           package="")
    application = make_application(rep_a, maker_a, kind="amend", product=product,
                                   state="submitted")
    page = desk.get(f"{QUEUE}{application.pk}/change/", headers=EN)
    rows = {str(row.label): row for row in page.context["rows"]}
    assert rows["package"].changed and rows["package"].before == []
    assert rows["package"].after == ["LQFP64"]
    assert not rows["part number"].changed
    html = page.content.decode()
    assert 'class="changed"' in html and "Entry now" in html and "take/" in html
    assert "approve/" not in html  # decisions come after taking it


def test_take_approve_through_the_desk_and_the_entry_has_its_history(desk, rep_a, maker_a):
    application = make_application(rep_a, maker_a, state="submitted")
    response = desk.post(f"{QUEUE}{application.pk}/take/")
    assert response.status_code == 302
    response = desk.post(f"{QUEUE}{application.pk}/approve/",
                         {"decision_number": "РН-17", "decision_date": "2026-01-15"})
    assert response.status_code == 302
    application.refresh_from_db()
    product = application.product
    assert (product.decision_number, product.decision_date) == ("РН-17",
                                                                datetime.date(2026, 1, 15))
    page = desk.get(f"/admin/products/product/{product.pk}/change/")
    assert [e.kind for e in page.context["public_history"]] == ["entry.included"]
    assert product.registry_number in page.content.decode()


def test_a_decision_in_the_wrong_state_is_a_message_and_changes_nothing(desk, rep_a, maker_a):
    application = make_application(rep_a, maker_a, state="submitted")
    for action in ("approve", "reject", "request-changes"):
        response = desk.post(f"{QUEUE}{application.pk}/{action}/",
                             {"reason": "x", "comment": "x"}, follow=True, headers=EN)
        assert any("only on an application under review" in m
                   for m in messages_of(response)), action
    application.refresh_from_db()
    assert application.state == "submitted"
    assert not Product.objects.exists()


def test_required_texts_are_asked_for_on_the_form(desk, rep_a, maker_a, registrar):
    application = make_application(rep_a, maker_a, state="under_review", registrar=registrar)
    for action, field in (("request-changes", "comment"), ("reject", "reason")):
        response = desk.post(f"{QUEUE}{application.pk}/{action}/", {field: "  "})
        assert response.status_code == 200 and field in response.context["form"].errors
    application.refresh_from_db()
    assert application.state == "under_review"


def test_approving_a_withdrawal_asks_for_the_legal_basis(desk, rep_a, maker_a, registrar):
    product = make_product(manufacturer=maker_a)
    application = make_application(rep_a, maker_a, kind="withdraw", product=product,
                                   state="under_review", registrar=registrar)
    url = f"{QUEUE}{application.pk}/approve/"
    assert "legal_basis" in desk.get(url).context["form"].fields
    assert "legal_basis" in desk.post(url, {}).context["form"].errors
    desk.post(url, {"legal_basis": "Order No. 8"})
    product.refresh_from_db()
    assert (product.status, product.exclusion_reason) == ("excluded", "withdrawn")


def test_take_selected_from_the_queue(desk, rep_a, maker_a, registrar):
    category = mcu_category()
    first = make_application(rep_a, maker_a, state="submitted",
                             data=include_data(category, part_number="P1"))
    second = make_application(rep_a, maker_a, state="submitted",
                              data=include_data(category, part_number="P2"))
    response = desk.post(QUEUE, {"action": "take_selected", "_selected_action": [
        first.pk, second.pk]}, follow=True, headers=EN)
    assert any("2 applications taken" in m for m in messages_of(response))
    assert set(Application.objects.values_list("state", "assigned_to")) == {
        ("under_review", registrar.pk)}


def test_documents_of_an_application_are_downloaded_by_the_registrar(desk, rep_a, maker_a):
    application = make_application(rep_a, maker_a)
    document = workflow.add_document(application, rep_a, kind="datasheet", file=pdf())
    workflow.submit(application, rep_a)
    response = desk.get(f"{QUEUE}{application.pk}/documents/{document.pk}/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith(
        "attachment")
    assert desk.get(f"{QUEUE}{application.pk}/documents/999/").status_code == 404


def test_suspend_reinstate_exclude_from_the_entry_page(desk, maker_a):
    product = make_product(manufacturer=maker_a)
    base = f"/admin/products/product/{product.pk}/"
    assert "suspend/" in desk.get(f"{base}change/").content.decode()
    assert desk.post(f"{base}suspend/", {"reason": ""}).status_code == 200
    desk.post(f"{base}suspend/", {"reason_code": "origin_expired", "legal_basis": "Order 3",
                                  "reason": "Certificate expired."})
    product.refresh_from_db()
    assert (product.status, product.suspension_reason_code, product.suspension_legal_basis) \
        == ("suspended", "origin_expired", "Order 3")
    desk.post(f"{base}reinstate/", {"comment": "Renewed."})
    product.refresh_from_db()
    assert product.status == "registered"
    response = desk.post(f"{base}exclude/", {"reason_code": "false_data",
                                             "legal_basis": "Order 5"})
    assert "confirm" in response.context["form"].errors
    desk.post(f"{base}exclude/", {"reason_code": "false_data", "legal_basis": "Order 5",
                                  "confirm": "on"})
    product.refresh_from_db()
    assert (product.status, product.exclusion_legal_basis) == ("excluded", "Order 5")
    response = desk.post(f"{base}suspend/", {"reason_code": "legal_act", "reason": "again"},
                         follow=True, headers=EN)
    assert any("only a registered entry" in m for m in messages_of(response))
    # Final: the page is read-only and a change is refused.
    page = desk.get(f"{base}change/")
    assert not page.context["has_change_permission"] and page.context["available"] == []
    assert desk.post(f"{base}change/", {"name_ru": "x"}).status_code == 403
    assert [e.kind for e in ChangeEvent.objects.order_by("id")] == [
        "entry.suspended", "entry.reinstated", "entry.excluded"]


def test_a_correction_in_the_admin_needs_a_reason_and_is_fed(desk, maker_a):
    product = make_product(manufacturer=maker_a, name_en="Old")
    url = f"/admin/products/product/{product.pk}/change/"
    form = desk.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["name_en"] = "New"
    for prefix in ("aliases", "parameters", "analogs", "production_stages", "documents"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = desk.post(url, data)
    assert response.status_code == 200 and "correction_reason" in \
        response.context["adminform"].form.errors
    data["correction_reason"] = "Name per the datasheet"
    assert desk.post(url, data).status_code == 302
    event = ChangeEvent.objects.get()
    assert (event.kind, event.comment) == ("entry.corrected", "Name per the datasheet")
    assert event.changes == {"name_en": {"before": "Old", "after": "New"}}


def test_a_registrar_adds_an_entry_directly(desk, maker_a):
    category = make_category()
    data = {"part_number": "КР1564ИР8", "manufacturer": maker_a.pk, "category": category.pk,
            "name_ru": "Регистр сдвига", "correction_reason": "From the paper register"}
    for prefix in ("aliases", "parameters", "analogs", "production_stages", "documents"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = desk.post("/admin/products/product/add/", data)
    assert response.status_code == 302
    product = Product.objects.get()
    assert product.registry_number == f"UR-{timezone.localdate().year}-000001"
    assert ChangeEvent.objects.get().kind == "entry.included"
    assert Decision.objects.get().action == "entry.registered"


def test_manufacturer_edits_are_fed_and_admission_is_not_edited(desk, maker_a):
    url = f"/admin/manufacturers/manufacturer/{maker_a.pk}/change/"
    form = desk.get(url).context["adminform"].form
    assert "status" not in form.fields
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(website="https://example.org", change_reason="Website given by the maker")
    data.update({"memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0})
    assert desk.post(url, data).status_code == 302
    event = ChangeEvent.objects.get()
    assert event.kind == "manufacturer.changed" and "website" in event.changes
    assert desk.get(f"/admin/manufacturers/manufacturer/{maker_a.pk}/delete/").status_code \
        == 403


def test_every_application_shows_its_audit_trail(desk, rep_a, maker_a, registrar):
    application = make_application(rep_a, maker_a, state="changes_requested",
                                   registrar=registrar)
    page = desk.get(f"{QUEUE}{application.pk}/change/")
    assert [d.action for d in page.context["decisions"]] == [
        "application.created", "application.submitted", "application.taken",
        "application.changes_requested"]
    history = desk.get(f"{QUEUE}{application.pk}/history/")
    assert history.status_code == 200
    assert application.history.count() >= 4


def links_of(response, css_class):
    """Where the page's links of `css_class` lead, resolved against the page's own address."""
    page = response.content.decode()
    hrefs = re.findall(rf'<a href="([^"]+)" class="[^"]*\b{css_class}\b', page)
    return [urljoin(response.wsgi_request.path, href) for href in hrefs]


def test_the_decision_buttons_and_documents_lead_to_their_pages(desk, rep_a, maker_a):
    """Followed as a browser follows them, from each change page."""
    application = make_application(rep_a, maker_a)
    document = workflow.add_document(application, rep_a, kind="datasheet", file=pdf())
    workflow.submit(application, rep_a)
    product = make_product(manufacturer=maker_a)
    pending = make_manufacturer(status="pending", country="BY")
    pages = {
        f"{QUEUE}{application.pk}/change/": ["take"],
        f"/admin/products/product/{product.pk}/change/": ["suspend", "exclude"],
        f"/admin/manufacturers/manufacturer/{pending.pk}/change/": ["admit", "refuse"],
    }
    for page, decisions in pages.items():
        response = desk.get(page)
        links = links_of(response, "decision")
        assert sorted(links) == sorted(page.replace("change/", f"{name}/") for name in decisions)
        for link in links:
            assert desk.get(link).status_code == 200, link
    response = desk.get(f"{QUEUE}{application.pk}/change/")
    download = urljoin(response.wsgi_request.path,
                       re.search(r'<a href="([^"]*documents/[^"]+)"', response.content.decode())[1])
    assert download == f"{QUEUE}{application.pk}/documents/{document.pk}/"
    assert desk.get(download).status_code == 200


@pytest.mark.parametrize("state", ["submitted", "under_review", "changes_requested",
                                   "approved", "rejected", "withdrawn"])
def test_the_application_page_offers_exactly_the_workflows_steps(client, rep_a, maker_a,
                                                                 registrar, superuser, state):
    """Whoever looks — the reviewer, another registrar, a superuser — is offered the steps the
    workflow would take from them, and no other."""
    if state == "withdrawn":  # withdrawn once submitted: a draft never reaches the desk
        application = workflow.withdraw_application(
            make_application(rep_a, maker_a, state="submitted"), rep_a)
    else:
        application = make_application(rep_a, maker_a, state=state, registrar=registrar)
    other = make_user("registrar_two", is_staff=True, state="BY")
    other.groups.add(*registrar.groups.all())
    page = f"{QUEUE}{application.pk}/change/"
    for user in (registrar, other, superuser):
        client.force_login(user)
        offered = [step.slug for step in available_steps(application, user)]
        links = links_of(client.get(page), "decision")
        assert links == [page.replace("change/", f"{slug}/") for slug in offered], user
    if state == "under_review":
        assert offered == ["take", "approve", "request-changes", "reject"]  # the superuser


def test_the_entry_and_manufacturer_pages_offer_exactly_the_workflows_steps(desk, maker_a,
                                                                            registrar):
    product = workflow.suspend(make_product(manufacturer=maker_a), registrar, "Audit.")
    refused = make_manufacturer(status="refused", country="BY")
    pages = {
        f"/admin/products/product/{product.pk}/change/": (product, ["reinstate", "exclude"]),
        f"/admin/manufacturers/manufacturer/{maker_a.pk}/change/": (maker_a, []),
        f"/admin/manufacturers/manufacturer/{refused.pk}/change/": (refused, ["admit"]),
    }
    for page, (obj, offered) in pages.items():
        assert [step.slug for step in available_steps(obj, registrar)] == offered
        assert links_of(desk.get(page), "decision") == [
            page.replace("change/", f"{name}/") for name in offered]
