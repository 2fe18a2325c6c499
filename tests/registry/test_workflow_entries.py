"""Decisions on entries: suspend, reinstate, exclude (final), a registrar's direct edits."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from manufacturers.models import Membership
from products.models import Product, ProductStatus
from registry import workflow
from registry.feed.reading import public_history
from registry.models import ChangeEvent, Decision
from tests.factories import make_category, make_manufacturer, make_product

pytestmark = pytest.mark.django_db


def state(product):
    product.refresh_from_db()
    return (product.status, product.suspended_at, product.excluded_at, product.name_en,
            ChangeEvent.objects.count(), Decision.objects.count(), product.history.count())


def test_suspend_reinstate_exclude_with_dates_reasons_and_history(maker_a, registrar):
    product = make_product(manufacturer=maker_a)
    today = timezone.localdate()
    workflow.suspend(product, registrar, "Origin certificate expired.")
    product.refresh_from_db()
    assert (product.status, product.suspended_at) == (ProductStatus.SUSPENDED, today)
    assert product.suspension_reason == "Origin certificate expired."
    workflow.reinstate(product, registrar, "New certificate received.")
    product.refresh_from_db()
    assert (product.status, product.suspended_at, product.suspension_reason) == (
        ProductStatus.REGISTERED, None, "")
    workflow.exclude(product, registrar, reason_code="production_ended",
                     legal_basis="Order No. 12", note="Production ended in 2025.")
    product.refresh_from_db()
    assert product.status == ProductStatus.EXCLUDED and product.excluded_at == today
    assert (product.exclusion_reason, product.exclusion_legal_basis, product.exclusion_note) \
        == ("production_ended", "Order No. 12", "Production ended in 2025.")

    history = list(public_history(product))
    assert [e.kind for e in history] == ["entry.suspended", "entry.reinstated", "entry.excluded"]
    assert history[0].comment == "Origin certificate expired."
    assert history[0].changes["status"] == {"before": "registered", "after": "suspended"}
    assert history[2].changes["exclusion_legal_basis"] == {"before": "", "after": "Order No. 12"}
    assert [e.id for e in history] == sorted(e.id for e in history)
    assert list(product.decisions.order_by("pk").values_list("action", flat=True)) == [
        "entry.suspended", "entry.reinstated", "entry.excluded"]
    assert product.history.first().history_user == registrar


@pytest.mark.parametrize("status, step", [
    ("registered", "reinstate"), ("suspended", "suspend"), ("excluded", "suspend"),
    ("excluded", "reinstate"), ("excluded", "exclude"), ("excluded", "correct"),
])
def test_entry_steps_from_the_wrong_status_are_refused(maker_a, registrar, status, step):
    product = make_product(manufacturer=maker_a)
    if status != "registered":
        workflow.suspend(product, registrar, "check")
    if status == "excluded":
        workflow.exclude(product, registrar, reason_code="false_data", legal_basis="Order 1")
    before = state(product)
    steps = {
        "suspend": lambda: workflow.suspend(product, registrar, "again"),
        "reinstate": lambda: workflow.reinstate(product, registrar),
        "exclude": lambda: workflow.exclude(product, registrar, reason_code="false_data",
                                            legal_basis="Order 2"),
        "correct": lambda: workflow.correct_entry(product, registrar, reason="fix",
                                                  edit=lambda: None),
    }
    with pytest.raises(workflow.TransitionError):
        steps[step]()
    assert state(product) == before


def test_only_registrars_decide_on_entries(maker_a, rep_a, registrar):
    product = make_product(manufacturer=maker_a)
    before = state(product)
    with pytest.raises(workflow.NotAllowed):
        workflow.suspend(product, rep_a, "mine")
    with pytest.raises(workflow.NotAllowed):
        workflow.exclude(product, rep_a, reason_code="withdrawn", legal_basis="x")
    Membership.objects.create(user=registrar, manufacturer=maker_a)
    with pytest.raises(workflow.NotAllowed, match="another registrar"):
        workflow.suspend(product, registrar, "conflict of interest")
    assert state(product) == before


def test_exclusion_needs_a_reason_from_the_list_and_a_legal_basis(maker_a, registrar):
    product = make_product(manufacturer=maker_a)
    before = state(product)
    with pytest.raises(ValidationError) as refused:
        workflow.exclude(product, registrar, reason_code="because", legal_basis="Order 1")
    assert "reason_code" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        workflow.exclude(product, registrar, reason_code="legal_act", legal_basis=" ")
    assert "legal_basis" in refused.value.message_dict
    with pytest.raises(ValidationError):
        workflow.suspend(product, registrar, "")
    assert state(product) == before


def test_a_correction_is_recorded_with_its_reason_and_changes(maker_a, registrar):
    product = make_product(manufacturer=maker_a, name_en="Old")

    def edit():
        entry = Product.objects.get(pk=product.pk)
        entry.name_en = "New"
        entry.save()
        entry.aliases.create(part_number="ALT-1")

    workflow.correct_entry(product, registrar, reason="Name per datasheet", edit=edit)
    event = ChangeEvent.objects.get()
    assert (event.kind, event.comment) == ("entry.corrected", "Name per datasheet")
    assert event.changes == {"aliases": {"before": [], "after": ["ALT-1"]},
                             "name_en": {"before": "Old", "after": "New"}}
    assert Decision.objects.get().data == {"fields": ["aliases", "name_en"]}
    assert product.history.first().history_change_reason == "Name per datasheet"


def test_a_correction_cannot_change_status_number_or_owner(maker_a, maker_b, registrar):
    product = make_product(manufacturer=maker_a)
    before = state(product)
    for field, value in [("status", "suspended"), ("registry_number", "UR-2026-123456"),
                         ("manufacturer", maker_b)]:
        def edit(field=field, value=value):
            entry = Product.objects.get(pk=product.pk)
            setattr(entry, field, value)
            if field == "status":
                entry.suspended_at = timezone.localdate()
            entry.save()
        with pytest.raises(workflow.TransitionError):
            workflow.correct_entry(product, registrar, reason="sneaky", edit=edit)
    assert state(product) == before


def test_a_correction_without_a_reason_is_refused(maker_a, registrar):
    product = make_product(manufacturer=maker_a)
    with pytest.raises(ValidationError):
        workflow.correct_entry(product, registrar, reason="", edit=lambda: None)


def test_a_registrar_registers_an_entry_directly(registrar, maker_a):
    product = Product(manufacturer=maker_a, category=make_category(), part_number="КР1564ИР8",
                      name_ru="Регистр")
    workflow.register_directly(product, registrar, reason="Transferred from the paper register")
    today = timezone.localdate()
    assert product.registry_number == f"UR-{today.year}-000001"
    assert product.registered_at == today and product.status == "registered"
    assert ChangeEvent.objects.get().kind == "entry.included"
    assert Decision.objects.get().action == "entry.registered"


def test_direct_registration_needs_an_admitted_manufacturer(registrar):
    pending = make_manufacturer(status="pending")
    product = Product(manufacturer=pending, category=make_category(), part_number="X1",
                      name_ru="Изделие")
    with pytest.raises(workflow.TransitionError):
        workflow.register_directly(product, registrar)
    assert not Product.objects.exists()
