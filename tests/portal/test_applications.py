"""The portal's pages for one's applications: choosing, filling in, amending, withdrawing,
answering, and what viewers and other manufacturers get."""

import datetime
import re

import pytest

from manufacturers.models import Membership
from registry import proposals
from registry.models import Application
from registry.workflow.steps import available_steps
from tests.applications import include_data, make_application, mcu_category
from tests.factories import make_category, make_manufacturer, make_product, make_user
from tests.portal.forms import form_errors, proposal_post

pytestmark = pytest.mark.django_db
EN = {"accept-language": "en"}


@pytest.fixture
def signed_in(client, rep_a):
    client.force_login(rep_a)
    return client


def new_url(**params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"/portal/applications/new/?{query}"


def test_the_chooser_explains_what_is_missing(signed_in, maker_a, maker_b):
    page = signed_in.get(new_url(kind="include", manufacturer=maker_a.pk), headers=EN)
    assert "Choose the category" in page.content.decode()
    page = signed_in.get(new_url(kind="amend", manufacturer=maker_a.pk,
                                 registry_number="UR-2026-999999"), headers=EN)
    assert "has no entry with this number" in page.content.decode()
    # Only the manufacturers the user edits for are offered.
    page = signed_in.get(new_url(kind="include", manufacturer=maker_b.pk,
                                 category=mcu_category().slug))
    assert "manufacturer" in page.context["chooser"].errors
    assert list(page.context["chooser"].fields["manufacturer"].queryset) == [maker_a]


def test_an_excluded_entry_is_not_offered_for_amendment(signed_in, maker_a):
    product = make_product(manufacturer=maker_a, status="excluded",
                           excluded_at=datetime.date(2026, 1, 5), exclusion_reason="false_data")
    page = signed_in.get(new_url(kind="amend", manufacturer=maker_a.pk,
                                 registry_number=product.registry_number), headers=EN)
    assert "excluded from the register" in page.content.decode()
    assert page.templates[0].name == "portal/new.html"


def test_errors_appear_at_their_fields_and_nothing_is_saved(signed_in, maker_a):
    category = mcu_category()
    data = include_data(category, tnved_code="85423", parameters={"clock_mhz": "fast"},
                        aliases=["MDR32F9Q2I", "MDR32F9Q2I"],
                        production=[{"stage": "design", "country": "Russia"}])
    response = signed_in.post(new_url(kind="include", manufacturer=maker_a.pk,
                                      category=category.slug), proposal_post(data), headers=EN)
    assert response.status_code == 200
    forms = response.context["forms"]
    assert "tnved_code" in forms.entry.errors
    assert "clock_mhz" in forms.parameters.errors
    assert "country" in forms.stages.forms[0].errors
    assert not Application.objects.exists()
    # The forms are fixed, but the same spelling twice is caught on the whole proposal.
    data.update(tnved_code="8542310000", parameters={"clock_mhz": "80"},
                production=[{"stage": "design", "country": "RU"}])
    response = signed_in.post(new_url(kind="include", manufacturer=maker_a.pk,
                                      category=category.slug), proposal_post(data), headers=EN)
    assert response.status_code == 200
    assert response.context["forms"].aliases.forms[1].errors["part_number"] == [
        "This spelling is listed twice."]
    assert not Application.objects.exists()


def test_changing_the_category_asks_for_its_parameters(signed_in, rep_a, maker_a):
    application = make_application(rep_a, maker_a)
    memory = make_category(parameters=[("capacity_kbit", "number", "Kbit")])
    data = {**application.proposal, "category": memory.slug}
    post = proposal_post(data)
    post["param_category"] = application.proposal["category"]
    response = signed_in.post(f"/portal/applications/{application.pk}/edit/", post)
    forms = response.context["forms"]
    assert forms.category_changed and list(forms.parameters.fields) == ["capacity_kbit"]
    application.refresh_from_db()
    assert application.proposal["category"] != memory.slug
    post = proposal_post({**data, "parameters": {"capacity_kbit": "4096"}})
    response = signed_in.post(f"/portal/applications/{application.pk}/edit/", post)
    assert response.status_code == 302, form_errors(response)
    application.refresh_from_db()
    assert application.proposal["parameters"] == {"capacity_kbit": "4096"}


def test_an_amendment_starts_from_the_entry_and_shows_what_changed(signed_in, maker_a):
    product = make_product("К1986ВЕ92QI", manufacturer=maker_a, category=mcu_category(),
                           name_en="MCU", aliases=["MDR32F9Q2I"])
    url = new_url(kind="amend", manufacturer=maker_a.pk, registry_number=product.registry_number)
    page = signed_in.get(url)
    assert page.context["forms"].entry["name_en"].value() == "MCU"
    assert page.context["forms"].aliases.forms[0]["part_number"].value() == "MDR32F9Q2I"
    data = {**proposals.of_entry(product), "package": "LQFP64"}
    response = signed_in.post(url, proposal_post(data))
    assert response.status_code == 302, form_errors(response)
    application = Application.objects.get()
    assert (application.kind, application.product) == ("amend", product)
    page = signed_in.get(f"/portal/applications/{application.pk}/", headers=EN)
    changed = [row.label for row in page.context["rows"] if row.changed]
    assert [str(label) for label in changed] == ["package"]
    assert "changed" in page.content.decode()


def test_a_withdrawal_needs_a_reason(signed_in, maker_a):
    product = make_product(manufacturer=maker_a)
    url = new_url(kind="withdraw", manufacturer=maker_a.pk,
                  registry_number=product.registry_number.lower())
    assert signed_in.post(url, {"note": ""}).status_code == 200
    assert not Application.objects.exists()
    response = signed_in.post(url, {"note": "Production ended."})
    assert response.status_code == 302
    application = Application.objects.get()
    assert (application.kind, application.note, application.proposal) == (
        "withdraw", "Production ended.", {})


def test_submit_and_withdraw_from_the_portal(signed_in, rep_a, maker_a):
    application = make_application(rep_a, maker_a)
    signed_in.post(f"/portal/applications/{application.pk}/submit/")
    application.refresh_from_db()
    assert application.state == "submitted"
    page = signed_in.get(f"/portal/applications/{application.pk}/withdraw/")
    assert page.status_code == 200
    signed_in.post(f"/portal/applications/{application.pk}/withdraw/", {"comment": "Later."})
    application.refresh_from_db()
    assert application.state == "withdrawn"
    assert application.decisions.latest("pk").comment == "Later."


def test_a_refused_step_says_why_and_changes_nothing(signed_in, rep_a, maker_a, registrar):
    application = make_application(rep_a, maker_a, state="under_review", registrar=registrar)
    for url in ("submit/", "withdraw/"):
        response = signed_in.post(f"/portal/applications/{application.pk}/{url}",
                                  headers=EN, follow=True)
        assert "under review" in response.content.decode()
    response = signed_in.get(f"/portal/applications/{application.pk}/edit/", headers=EN,
                             follow=True)
    assert "it can no longer be changed" in response.content.decode()
    application.refresh_from_db()
    assert application.state == "under_review"


def test_viewers_read_but_do_not_change(client, rep_a, maker_a):
    application = make_application(rep_a, maker_a)
    viewer = make_user("viewer_a", represents=maker_a, role=Membership.Role.VIEWER)
    client.force_login(viewer)
    page = client.get(f"/portal/applications/{application.pk}/")
    assert page.status_code == 200
    assert not page.context["can_change"] and page.context["steps"] == {}
    assert f"/portal/applications/{application.pk}/edit/" not in page.content.decode()
    response = client.get(f"/portal/applications/{application.pk}/edit/", follow=True,
                          headers=EN)
    assert "may read this application but not change it" in response.content.decode()
    client.post(f"/portal/applications/{application.pk}/submit/")
    application.refresh_from_db()
    assert application.state == "draft"
    assert client.get("/portal/applications/new/").context["can_apply"] is False


def test_a_pending_manufacturer_is_shown_but_cannot_apply(client):
    pending = make_manufacturer(status="pending")
    user = make_user(represents=pending)
    client.force_login(user)
    home = client.get("/portal/")
    assert home.context["can_apply"] is False
    assert "awaiting admission" in client.get("/portal/", headers=EN).content.decode()


def test_the_list_shows_only_my_manufacturers_and_filters_by_state(signed_in, rep_a, rep_b,
                                                                   maker_a, maker_b):
    mine = make_application(rep_a, maker_a)
    make_application(rep_b, maker_b)
    page = signed_in.get("/portal/")
    assert list(page.context["page"].object_list) == [mine]
    assert list(signed_in.get("/portal/?state=submitted").context["page"].object_list) == []
    assert signed_in.get("/portal/?state=bogus&page=x").status_code == 200


def test_list_pages_run_a_fixed_number_of_queries(signed_in, rep_a, maker_a, registrar,
                                                  django_assert_max_num_queries):
    category = mcu_category()
    for n in range(3):
        make_application(rep_a, maker_a, state="changes_requested", registrar=registrar,
                         data=include_data(category, part_number=f"A{n}"))
    with django_assert_max_num_queries(9) as few:
        signed_in.get("/portal/")
    for n in range(20):
        make_application(rep_a, maker_a, state="changes_requested", registrar=registrar,
                         data=include_data(category, part_number=f"B{n}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        signed_in.get("/portal/")


def test_a_registrar_without_memberships_is_not_offered_to_apply(client, registrar, maker_a):
    client.force_login(registrar)
    assert client.get("/portal/").context["can_apply"] is False
    page = client.get("/portal/applications/new/")
    assert page.context["can_apply"] is False
    assert not page.context["chooser"].fields["manufacturer"].queryset.exists()


@pytest.mark.parametrize("state", ["draft", "submitted", "under_review", "changes_requested",
                                   "approved", "withdrawn"])
def test_the_page_offers_exactly_the_workflows_steps(client, rep_a, maker_a, registrar, state):
    """An editor is offered the steps the workflow would take from them; a viewer none."""
    application = make_application(rep_a, maker_a, state=state, registrar=registrar)
    viewer = make_user("viewer_a", represents=maker_a, role=Membership.Role.VIEWER)
    expected = {"draft": ["submit", "withdraw"], "submitted": ["withdraw"],
                "changes_requested": ["resubmit", "withdraw"]}.get(state, [])
    for user, offered in ((rep_a, expected), (viewer, [])):
        assert [step.name for step in available_steps(application, user)] == offered
        client.force_login(user)
        page = client.get(f"/portal/applications/{application.pk}/").content.decode()
        assert sorted(re.findall(r'data-step="([a-z_]+)"', page)) == sorted(offered), user


def test_the_withdrawal_page_of_an_application_under_review_says_why(signed_in, rep_a, maker_a,
                                                                     registrar):
    application = make_application(rep_a, maker_a, state="under_review", registrar=registrar)
    response = signed_in.get(f"/portal/applications/{application.pk}/withdraw/", follow=True,
                             headers=EN)
    assert "it can no longer be withdrawn" in response.content.decode()
    assert "<textarea" not in response.content.decode()


def test_a_choice_offers_the_usual_spellings_and_still_takes_any(signed_in, maker_a):
    from products.models import ProductParameter

    category = mcu_category()
    entry = make_product(manufacturer=maker_a, category=category)
    ProductParameter.objects.create(product=entry, template=category.parameters.get(key="core"),
                                    value="Elbrus-2S3")
    page = signed_in.get(new_url(kind="include", manufacturer=maker_a.pk,
                                 category=category.slug), headers=EN).content.decode()
    datalist = re.search(r'list="([^"]+)"[^>]*>\s*<datalist id="\1">(.*?)</datalist>', page,
                         re.S)
    assert datalist, "the core field offers no values"
    offered = re.findall(r'<option value="([^"]+)">', datalist.group(2))
    assert offered[:2] == ["Cortex-M0", "Cortex-M0+"]  # the vocabulary's names first
    assert "RISC-V" in offered and "Elbrus-2S3" in offered  # and those entries use
