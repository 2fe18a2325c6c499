"""The application lifecycle through the workflow functions, and every refusal changing nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from manufacturers.models import Membership
from products.models import Document, Product, ProductStatus
from registry import proposals, workflow
from registry.models import Application, ChangeEvent, Decision
from tests.applications import include_data, make_application, mcu_category, pdf
from tests.factories import make_manufacturer, make_product, make_user

pytestmark = pytest.mark.django_db


def snapshot(application):
    """Everything a refused transition must leave as it was."""
    application.refresh_from_db()
    return (application.state, application.assigned_to_id, application.proposal,
            application.product_id, Decision.objects.count(), ChangeEvent.objects.count(),
            application.history.count())


def test_inclusion_from_draft_to_entry(rep_a, maker_a, registrar):
    category = mcu_category()
    application = make_application(rep_a, maker_a, category=category)
    assert application.state == "draft" and application.created_by == rep_a
    workflow.add_document(application, rep_a, kind="datasheet", file=pdf())
    application = workflow.submit(application, rep_a)
    assert application.state == "submitted" and application.submitted_at
    application = workflow.take_for_review(application, registrar)
    assert (application.state, application.assigned_to) == ("under_review", registrar)
    application = workflow.request_changes(application, registrar, "Add the package.")
    assert application.state == "changes_requested"
    data = {**application.proposal, "package": "LQFP64"}
    application = workflow.update_draft(application, rep_a, data=data)
    application = workflow.resubmit(application, rep_a, "Package added.")
    # Back with the registrar who asked, without a second "take".
    assert application.state == "under_review" and application.assigned_to == registrar
    application = workflow.approve(application, registrar, comment="Complete.")

    product = application.product
    today = timezone.localdate()
    assert application.state == "approved" and application.decided_at
    assert product.registry_number == f"UR-{today.year}-000001"
    assert product.status == ProductStatus.REGISTERED
    assert product.registered_at == today
    assert product.valid_until == today.replace(year=today.year + 5)
    assert (product.decision_number, product.decision_date) == (application.reference, today)
    assert product.package == "LQFP64" and product.part_number == "К1986ВЕ92QI"
    assert list(product.aliases.values_list("part_number", flat=True)) == ["MDR32F9Q2I"]
    assert product.parameters.get().value == "80"
    assert product.analogs.get().part_number == "STM32F103"
    document = Document.objects.get(product=product)
    assert document.sha256 == application.documents.get().sha256
    assert document.file.name != application.documents.get().file.name

    assert list(application.decisions.order_by("pk").values_list("action", flat=True)) == [
        "application.created", "application.submitted", "application.taken",
        "application.changes_requested", "application.resubmitted", "application.approved",
    ]
    event = ChangeEvent.objects.get()
    assert (event.kind, event.product, event.application) == ("entry.included", product,
                                                               application)
    assert event.registry_number == product.registry_number and event.actor == registrar
    assert event.changes["part_number"] == {"before": None, "after": "К1986ВЕ92QI"}
    assert event.changes["status"]["after"] == "registered"
    assert product.history.first().history_user == registrar


def test_amendment_applies_only_what_the_manufacturer_changed(rep_a, maker_a, registrar):
    product = make_product("К1986ВЕ92QI", manufacturer=maker_a, category=mcu_category(),
                           name_en="MCU", aliases=["MDR32F9Q2I"])
    base = proposals.of_entry(product)
    application = make_application(
        rep_a, maker_a, kind="amend", product=product,
        data={**base, "package": "LQFP64", "aliases": ["MDR32F9Q2I", "K1986BE92QI"]})
    assert application.base == base

    def rename():  # meanwhile a registrar corrects another field of the entry
        entry = Product.objects.get(pk=product.pk)
        entry.name_en = "Microcontroller"
        entry.save()

    workflow.correct_entry(product, registrar, reason="English name", edit=rename)
    application = workflow.submit(application, rep_a)
    workflow.take_for_review(application, registrar)
    application = workflow.approve(application, registrar)
    product.refresh_from_db()
    assert product.package == "LQFP64"
    assert product.name_en == "Microcontroller"  # the registrar's correction stays
    assert sorted(product.aliases.values_list("part_number", flat=True)) == [
        "K1986BE92QI", "MDR32F9Q2I"]
    event = ChangeEvent.objects.filter(kind="entry.amended").get()
    assert set(event.changes) == {"package", "aliases"}
    assert event.changes["package"] == {"before": "", "after": "LQFP64"}


def test_withdrawal_excludes_the_entry_with_reason_withdrawn(rep_a, maker_a, registrar):
    product = make_product(manufacturer=maker_a)
    application = make_application(rep_a, maker_a, kind="withdraw", product=product,
                                   state="under_review", registrar=registrar)
    with pytest.raises(ValidationError) as refused:
        workflow.approve(application, registrar)
    assert "legal_basis" in refused.value.message_dict
    workflow.approve(application, registrar, legal_basis="Order No. 7")
    product.refresh_from_db()
    assert product.status == ProductStatus.EXCLUDED
    assert (product.exclusion_reason, product.exclusion_legal_basis) == ("withdrawn",
                                                                         "Order No. 7")
    assert product.excluded_at == timezone.localdate()
    assert ChangeEvent.objects.get().kind == "entry.excluded"


def test_rejection_and_withdrawal_close_the_application(rep_a, maker_a, registrar):
    rejected = make_application(rep_a, maker_a, state="rejected", registrar=registrar)
    assert rejected.state == "rejected" and rejected.decided_at
    assert rejected.decisions.latest("pk").comment == "No certificate of origin."
    withdrawn = make_application(rep_a, maker_a, state="withdrawn",
                                 data=include_data(mcu_category(), part_number="К1986ВЕ94GI"))
    assert withdrawn.state == "withdrawn"
    assert ChangeEvent.objects.count() == 0


@pytest.mark.parametrize("state, step", [
    ("draft", "approve"), ("draft", "take"), ("draft", "reject"), ("draft", "resubmit"),
    ("submitted", "approve"), ("submitted", "submit"), ("submitted", "request_changes"),
    ("under_review", "submit"), ("under_review", "withdraw"), ("under_review", "update"),
    ("changes_requested", "submit"), ("changes_requested", "approve"),
    ("approved", "approve"), ("approved", "withdraw"), ("approved", "take"),
    ("approved", "update"), ("rejected", "resubmit"), ("rejected", "take"),
    ("withdrawn", "submit"), ("withdrawn", "update"),
])
def test_a_step_from_the_wrong_state_is_refused_and_changes_nothing(
        rep_a, maker_a, registrar, state, step):
    application = make_application(rep_a, maker_a, state=state, registrar=registrar)
    before = snapshot(application)
    steps = {
        "approve": lambda: workflow.approve(application, registrar),
        "take": lambda: workflow.take_for_review(application, registrar),
        "reject": lambda: workflow.reject(application, registrar, "no"),
        "request_changes": lambda: workflow.request_changes(application, registrar, "x"),
        "submit": lambda: workflow.submit(application, rep_a),
        "resubmit": lambda: workflow.resubmit(application, rep_a),
        "withdraw": lambda: workflow.withdraw_application(application, rep_a),
        "update": lambda: workflow.update_draft(application, rep_a, note="changed"),
    }
    with pytest.raises(workflow.TransitionError) as refused:
        steps[step]()
    assert str(refused.value)
    assert snapshot(application) == before


def test_a_representative_cannot_decide(rep_a, maker_a, registrar):
    application = make_application(rep_a, maker_a, state="under_review", registrar=registrar)
    before = snapshot(application)
    for decide in (workflow.approve, workflow.take_for_review):
        with pytest.raises(workflow.NotAllowed, match="Only a registrar"):
            decide(application, rep_a)
    with pytest.raises(workflow.NotAllowed):
        workflow.reject(application, rep_a, "no")
    assert snapshot(application) == before


def test_a_registrar_decides_only_on_what_they_review(rep_a, maker_a, registrar):
    application = make_application(rep_a, maker_a, state="under_review", registrar=registrar)
    other = make_user("other_registrar", is_staff=True, state="BY")
    other.groups.add(*registrar.groups.all())
    before = snapshot(application)
    with pytest.raises(workflow.NotAllowed, match="take it for review first"):
        workflow.approve(application, other)
    assert snapshot(application) == before
    application = workflow.take_for_review(application, other)
    assert application.assigned_to == other
    assert application.decisions.latest("pk").data == {"previous_registrar": registrar.username}


def test_a_registrar_does_not_decide_for_a_manufacturer_they_represent(rep_a, maker_a,
                                                                        registrar):
    Membership.objects.create(user=registrar, manufacturer=maker_a)
    application = make_application(rep_a, maker_a, state="submitted")
    with pytest.raises(workflow.NotAllowed, match="another registrar"):
        workflow.take_for_review(application, registrar)


def test_another_manufacturer_and_viewers_cannot_act(rep_a, rep_b, maker_a):
    application = make_application(rep_a, maker_a)
    viewer = make_user("viewer_a", represents=maker_a, role=Membership.Role.VIEWER)
    before = snapshot(application)
    for actor in (rep_b, viewer):
        with pytest.raises(workflow.NotAllowed):
            workflow.submit(application, actor)
        with pytest.raises(workflow.NotAllowed):
            workflow.update_draft(application, actor, note="x")
        with pytest.raises(workflow.NotAllowed):
            workflow.create_application(actor, maker_a, "include",
                                        data=include_data(mcu_category(), part_number="X1"))
    assert snapshot(application) == before


def test_a_pending_manufacturer_cannot_apply(db):
    pending = make_manufacturer(status="pending")
    user = make_user(represents=pending)
    with pytest.raises(workflow.TransitionError, match="not admitted"):
        workflow.create_application(user, pending, "include", data=include_data(mcu_category()))
    assert not Application.objects.exists()


def test_an_excluded_entry_cannot_be_amended_or_withdrawn(rep_a, maker_a):
    product = make_product(manufacturer=maker_a, status="excluded",
                           excluded_at=datetime.date(2026, 1, 2), exclusion_reason="false_data")
    for kind in ("amend", "withdraw"):
        with pytest.raises(workflow.TransitionError, match="excluded"):
            workflow.create_application(rep_a, maker_a, kind, product=product)
    assert not Application.objects.exists()


def test_an_entry_of_another_manufacturer_cannot_be_amended(rep_a, maker_a, maker_b):
    product = make_product(manufacturer=maker_b)
    with pytest.raises(workflow.NotAllowed, match="another manufacturer"):
        workflow.create_application(rep_a, maker_a, "amend", product=product)


def test_one_application_at_a_time_per_entry(rep_a, maker_a, registrar):
    product = make_product(manufacturer=maker_a, category=mcu_category())
    first = make_application(rep_a, maker_a, kind="amend", product=product)
    with pytest.raises(workflow.TransitionError, match="already has an application"):
        workflow.create_application(rep_a, maker_a, "withdraw", product=product,
                                    note="Production ended.")
    workflow.withdraw_application(first, rep_a)
    second = workflow.create_application(rep_a, maker_a, "withdraw", product=product,
                                         note="Production ended.")
    assert second.state == "draft"


def test_an_amendment_that_changes_nothing_is_not_submitted(rep_a, maker_a):
    product = make_product(manufacturer=maker_a, category=mcu_category())
    application = workflow.create_application(rep_a, maker_a, "amend", product=product)
    with pytest.raises(workflow.TransitionError, match="same as the entry"):
        workflow.submit(application, rep_a)
    application.refresh_from_db()
    assert application.state == "draft"


def test_amending_an_entry_excluded_meanwhile_is_refused_on_approval(rep_a, maker_a,
                                                                     registrar):
    product = make_product(manufacturer=maker_a, category=mcu_category())
    application = make_application(rep_a, maker_a, kind="amend", product=product,
                                   state="under_review", registrar=registrar)
    workflow.exclude(product, registrar, reason_code="false_data", legal_basis="Order 3")
    before = snapshot(application)
    with pytest.raises(workflow.TransitionError, match="excluded"):
        workflow.approve(application, registrar)
    assert snapshot(application) == before


def test_required_comments_and_reasons(rep_a, maker_a, registrar):
    application = make_application(rep_a, maker_a, state="under_review", registrar=registrar)
    before = snapshot(application)
    with pytest.raises(ValidationError) as refused:
        workflow.request_changes(application, registrar, "   ")
    assert "comment" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        workflow.reject(application, registrar, "")
    assert "reason" in refused.value.message_dict
    assert snapshot(application) == before


def test_invalid_proposed_data_is_refused_by_path(rep_a, maker_a):
    data = include_data(mcu_category(), part_number="  ", tnved_code="8542 31",
                        parameters={"clock_mhz": "fast", "colour": "red"},
                        production=[{"stage": "design", "country": "Russia"}])
    with pytest.raises(ValidationError) as refused:
        workflow.create_application(rep_a, maker_a, "include", data=data)
    errors = refused.value.message_dict
    assert {"part_number", "tnved_code", "parameters.clock_mhz", "parameters.colour",
            "production.0.country"} <= set(errors)
    assert not Application.objects.exists()


def test_a_second_entry_for_the_same_part_is_refused(rep_a, maker_a):
    make_product("К1986ВЕ92QI", manufacturer=maker_a, registry_number="UR-2026-000005")
    with pytest.raises(ValidationError, match="UR-2026-000005"):
        workflow.create_application(rep_a, maker_a, "include", data=include_data(mcu_category()))


def test_documents_are_added_and_removed_only_while_with_the_manufacturer(
        rep_a, maker_a, registrar, django_capture_on_commit_callbacks):
    application = make_application(rep_a, maker_a)
    document = workflow.add_document(application, rep_a, kind="datasheet", file=pdf(),
                                     title="")
    assert document.title == "datasheet.pdf" and document.content_type == "application/pdf"
    assert len(document.sha256) == 64 and document.size == len(pdf().read())
    storage, stored = document.file.storage, document.file.name
    assert storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.remove_document(application, rep_a, document)
    assert not application.documents.exists() and not storage.exists(stored)
    application = workflow.submit(application, rep_a)
    with pytest.raises(workflow.TransitionError):
        workflow.add_document(application, rep_a, kind="datasheet", file=pdf())
    assert not application.documents.exists()


def test_one_inclusion_in_progress_per_part_number(rep_a, maker_a, registrar):
    category = mcu_category()
    first = make_application(rep_a, maker_a, category=category)
    with pytest.raises(ValidationError) as refused:
        workflow.create_application(rep_a, maker_a, "include", data=include_data(category))
    assert "part_number" in refused.value.message_dict
    other = make_application(rep_a, maker_a, data=include_data(category, part_number="X9"))
    with pytest.raises(ValidationError):
        workflow.update_draft(other, rep_a, data=include_data(category))
    workflow.reject(workflow.take_for_review(workflow.submit(first, rep_a), registrar),
                    registrar, "Incomplete.")
    again = workflow.create_application(rep_a, maker_a, "include", data=include_data(category))
    assert again.state == "draft"


def test_restrict_gives_each_door_the_same_answer(rep_a, rep_b, maker_a, registrar):
    category = mcu_category()
    draft = make_application(rep_a, maker_a, category=category)
    submitted = make_application(rep_a, maker_a, state="submitted",
                                 data=include_data(category, part_number="X2"))
    viewer = make_user("viewer_a", represents=maker_a, role=Membership.Role.VIEWER)
    applications = Application.objects
    assert set(applications.restrict(rep_a)) == {draft, submitted}
    assert set(applications.restrict(rep_a, "edit")) == {draft, submitted}
    assert set(applications.restrict(viewer)) == {draft, submitted}
    assert not applications.restrict(viewer, "edit").exists()
    assert not applications.restrict(rep_b).exists()
    assert list(applications.restrict(registrar)) == [submitted]
