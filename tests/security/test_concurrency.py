"""Two people acting on the same thing at once: row locks serialise them (PostgreSQL), the
loser gets a clear refusal and nothing is lost or issued twice; and an edit form opened before
someone else's change is refused instead of overwriting it (both databases)."""

import pytest
from django.utils import timezone

from products.models import Product
from registry import workflow
from registry.models import Application, ChangeEvent, Decision, RegistryCounter
from registry.workflow import applications as application_steps
from registry.workflow import entries as entry_steps
from tests.applications import include_data, make_application, mcu_category
from tests.factories import make_product, make_user
from tests.threads import run_in_threads, slowed


def registrars(count):
    return [make_user(f"desk{i}", is_staff=True, is_superuser=True) for i in range(count)]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_registrars_approve_the_same_application_once(rep_a, maker_a, monkeypatch):
    first, second = registrars(2)
    application = make_application(rep_a, maker_a, state="under_review", registrar=first)
    with slowed(monkeypatch, entry_steps, "include"):
        errors = run_in_threads(2, lambda i: workflow.approve(application, (first, second)[i]))
    assert len(errors) == 1 and isinstance(errors[0], workflow.TransitionError)
    assert "is approved" in str(errors[0])
    assert Product.objects.count() == 1
    assert RegistryCounter.objects.get(year=timezone.localdate().year).last_number == 1
    assert Decision.objects.filter(action="application.approved").count() == 1
    assert ChangeEvent.objects.filter(kind="entry.included").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_approval_and_rejection_at_once_leave_one_decision(rep_a, maker_a, monkeypatch):
    first, second = registrars(2)
    application = make_application(rep_a, maker_a, state="under_review", registrar=first)
    steps = [lambda: workflow.approve(application, first),
             lambda: workflow.reject(application, second, "Incomplete documents.")]
    with slowed(monkeypatch, application_steps, "_move"):
        errors = run_in_threads(2, lambda i: steps[i]())
    assert len(errors) == 1 and isinstance(errors[0], workflow.TransitionError)
    application.refresh_from_db()
    decided = Decision.objects.filter(application=application,
                                      action__in=["application.approved",
                                                  "application.rejected"])
    assert decided.count() == 1
    assert application.state == decided.get().to_state
    assert Product.objects.count() == (1 if application.state == "approved" else 0)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_racing_a_registrar_taking_the_application(rep_a, maker_a, monkeypatch):
    registrar, = registrars(1)
    application = make_application(rep_a, maker_a, state="submitted")
    steps = [lambda: workflow.withdraw_application(application, rep_a, "Sent by mistake."),
             lambda: workflow.take_for_review(application, registrar)]
    with slowed(monkeypatch, application_steps, "_move"):
        errors = run_in_threads(2, lambda i: steps[i]())
    # Either may come first; the second sees the first one's result and is refused.
    assert len(errors) == 1 and isinstance(errors[0], workflow.TransitionError)
    application.refresh_from_db()
    assert application.state in ("withdrawn", "under_review")
    to_states = list(Decision.objects.filter(application=application)
                     .order_by("pk").values_list("to_state", flat=True))
    assert to_states == ["draft", "submitted", application.state]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_amendment_approved_while_the_entry_is_suspended_loses_neither(rep_a, maker_a,
                                                                         monkeypatch):
    first, second = registrars(2)
    product = make_product(manufacturer=maker_a, category=mcu_category(), package="DIP16")
    amendment = make_application(rep_a, maker_a, kind="amend", product=product,
                                 state="under_review", registrar=first)
    steps = [lambda: workflow.approve(amendment, first),
             lambda: workflow.suspend(product, second, "Origin document under check.")]
    with slowed(monkeypatch, entry_steps, "diff", seconds=0.2):
        errors = run_in_threads(2, lambda i: steps[i]())
    assert errors == []
    product.refresh_from_db()
    assert product.package == "LQFP64"  # the amendment (tests.applications)
    assert product.status == "suspended" and product.suspension_reason
    kinds = sorted(ChangeEvent.objects.filter(product=product).values_list("kind", flat=True))
    assert kinds == ["entry.amended", "entry.suspended"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_saves_of_one_opened_draft_keep_the_first_and_refuse_the_second(rep_a, maker_a,
                                                                           monkeypatch):
    category = mcu_category()
    draft = make_application(rep_a, maker_a, category=category)
    opened = workflow.version_of(draft)
    names = ["First editor's name", "Second editor's name"]

    def save(index):
        data = include_data(category, name_en=names[index])
        workflow.update_draft(draft, rep_a, data=data, version=opened)

    with slowed(monkeypatch, application_steps, "require_version", seconds=0.2):
        errors = run_in_threads(2, save)
    assert len(errors) == 1 and isinstance(errors[0], workflow.StaleEdit)
    draft.refresh_from_db()
    assert draft.proposal["name_en"] in names
    assert draft.history.count() == 2  # created, saved once


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_inclusions_never_share_a_number(rep_a, maker_a):
    desks = registrars(5)
    category = mcu_category()
    applications = [make_application(rep_a, maker_a, state="under_review", registrar=desks[i],
                                      data=include_data(category, part_number=f"К{i}ЛА3"))
                    for i in range(5)]
    assert run_in_threads(5, lambda i: workflow.approve(applications[i], desks[i])) == []
    numbers = list(Product.objects.values_list("registry_number", flat=True))
    assert len(set(numbers)) == 5
    year = timezone.localdate().year
    assert sorted(numbers) == [f"UR-{year}-{n:06d}" for n in range(1, 6)]
    assert Application.objects.filter(state="approved").count() == 5


# --- Optimistic version checks of edit forms (both databases) -----------------------------------

@pytest.mark.django_db
def test_a_portal_edit_opened_before_another_save_is_refused(client, rep_a, maker_a):
    client.force_login(rep_a)
    draft = make_application(rep_a, maker_a)
    page = client.get(f"/portal/applications/{draft.pk}/edit/")
    form = page_data(page)
    # Meanwhile a colleague changes the covering note in another tab.
    workflow.update_draft(draft, rep_a, note="The colleague's note")
    form["note"] = "My note, typed on the old page"
    response = client.post(f"/portal/applications/{draft.pk}/edit/", form)
    assert response.status_code == 200
    assert "was changed by someone else" in response.content.decode()
    assert "My note, typed on the old page" in response.content.decode()  # kept to copy
    draft.refresh_from_db()
    assert draft.note == "The colleague's note"
    # Opened anew, the page saves.
    form = page_data(client.get(f"/portal/applications/{draft.pk}/edit/"))
    form["note"] = "My note"
    assert client.post(f"/portal/applications/{draft.pk}/edit/", form).status_code == 302
    draft.refresh_from_db()
    assert draft.note == "My note"


@pytest.mark.django_db
def test_a_desk_correction_opened_before_a_suspension_is_refused(client, maker_a):
    first, second = registrars(2)
    product = make_product(manufacturer=maker_a, name_en="As registered")
    client.force_login(first)
    url = f"/admin/products/product/{product.pk}/change/"
    form = admin_data(client.get(url))
    workflow.suspend(product, second, "Origin document under check.")
    form.update(name_en="Renamed on a stale page", correction_reason="typo")
    response = client.post(url, form, follow=True)
    assert "was changed by someone else" in response.content.decode()
    product.refresh_from_db()
    assert (product.name_en, product.status) == ("As registered", "suspended")
    form = admin_data(client.get(url))
    form.update(name_en="Renamed", correction_reason="typo")
    assert client.post(url, form).status_code == 302
    product.refresh_from_db()
    assert (product.name_en, product.status) == ("Renamed", "suspended")


@pytest.mark.django_db
def test_a_manufacturer_edit_opened_before_another_is_refused(client, maker_a):
    first, second = registrars(2)
    url = f"/admin/manufacturers/manufacturer/{maker_a.pk}/change/"
    client.force_login(first)
    stale = admin_data(client.get(url))
    client.force_login(second)
    fresh = admin_data(client.get(url))
    fresh.update(address="Minsk, Korzhenevskogo 16", change_reason="moved")
    assert client.post(url, fresh).status_code == 302
    client.force_login(first)
    stale.update(city_en="Gomel", change_reason="typo")
    response = client.post(url, stale, follow=True)
    assert "was changed by someone else" in response.content.decode()
    maker_a.refresh_from_db()
    assert (maker_a.address, maker_a.city_en) == ("Minsk, Korzhenevskogo 16", "")


def page_data(page):
    """What the portal's edit page would send back unchanged."""
    data = {}
    for form in [*page.context["forms"], page.context["note_form"]] if page.context["forms"] \
            else [page.context["note_form"]]:
        forms = [form.management_form, *form.forms] if hasattr(form, "forms") else [form]
        for each in forms:
            for field in each:
                value = field.value()
                data[field.html_name] = "" if value is None else value
    data["param_category"] = page.context["forms"].category_slug
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


def admin_data(page):
    """What an admin change page would send back unchanged, its inlines included."""
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        data.update({management.add_prefix(name): management[name].value()
                     for name in management.fields})
        for inline in formset.formset.forms:
            data.update({inline.add_prefix(name): inline[name].value() or ""
                         for name in inline.fields})
    return {k: v for k, v in data.items() if not isinstance(v, list) or v}
