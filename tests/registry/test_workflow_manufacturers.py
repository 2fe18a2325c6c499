"""Admission of manufacturers: apply, admit, refuse; edits of an admitted maker are fed."""

import pytest
from django.core.exceptions import ValidationError

from manufacturers.models import Manufacturer
from registry import workflow
from registry.models import ChangeEvent, Decision
from tests.applications import admission_candidate as candidate
from tests.factories import VALID_INN, VALID_UNP, make_user

pytestmark = pytest.mark.django_db


def test_apply_admit_and_the_maker_becomes_public(registrar_ru):
    registrar = registrar_ru  # the candidate is Russian
    applicant = make_user("applicant")
    manufacturer = workflow.apply_for_admission(applicant, candidate())
    assert manufacturer.status == "pending" and manufacturer.slug == "angstrem"
    assert manufacturer.memberships.get().user == applicant
    assert Manufacturer.objects.restrict(applicant, "apply").count() == 0
    assert ChangeEvent.objects.count() == 0  # not public yet

    workflow.admit(manufacturer, registrar, "Identifiers checked.")
    manufacturer.refresh_from_db()
    assert manufacturer.status == "admitted" and manufacturer.admitted_at
    assert list(Manufacturer.objects.restrict(applicant, "apply")) == [manufacturer]
    event = ChangeEvent.objects.get()
    assert (event.kind, event.manufacturer, event.product) == ("manufacturer.admitted",
                                                               manufacturer, None)
    assert event.changes["inn"] == {"before": None, "after": VALID_INN}
    assert list(Decision.objects.order_by("pk").values_list("action", flat=True)) == [
        "manufacturer.applied", "manufacturer.admitted"]


def test_refusal_needs_a_reason_and_only_pending_is_refused(registrar_ru):
    registrar = registrar_ru
    manufacturer = workflow.apply_for_admission(make_user(), candidate(slug="x-maker"))
    with pytest.raises(ValidationError):
        workflow.refuse_admission(manufacturer, registrar, "")
    workflow.refuse_admission(manufacturer, registrar, "The OGRN belongs to another company.")
    manufacturer.refresh_from_db()
    assert manufacturer.status == "refused"
    with pytest.raises(workflow.TransitionError):
        workflow.refuse_admission(manufacturer, registrar, "again")
    workflow.admit(manufacturer, registrar, "Reconsidered.")
    with pytest.raises(workflow.TransitionError, match="already admitted"):
        workflow.admit(manufacturer, registrar)


def test_only_a_registrar_admits(rep_a):
    manufacturer = workflow.apply_for_admission(make_user(), candidate())
    with pytest.raises(workflow.NotAllowed):
        workflow.admit(manufacturer, rep_a)
    manufacturer.refresh_from_db()
    assert manufacturer.status == "pending"


def test_identifiers_are_checked_and_one_pending_application_per_user(db):
    applicant = make_user()
    with pytest.raises(ValidationError) as refused:
        workflow.apply_for_admission(applicant, candidate(inn="7735007359"))
    assert "inn" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        workflow.apply_for_admission(applicant, candidate(country="BY", unp=VALID_UNP))
    assert {"inn", "ogrn"} & set(refused.value.message_dict)
    workflow.apply_for_admission(applicant, candidate())
    with pytest.raises(workflow.TransitionError, match="already have"):
        workflow.apply_for_admission(applicant, candidate(
            country="BY", inn="", ogrn="", unp=VALID_UNP, short_name_en="Planar"))
    assert Manufacturer.objects.count() == 1


def test_edits_of_an_admitted_maker_go_to_the_feed(maker_a, registrar):
    def edit():
        fresh = Manufacturer.objects.get(pk=maker_a.pk)
        fresh.website = "https://integral.by"
        fresh.save()

    workflow.correct_manufacturer(maker_a, registrar, reason="Website", edit=edit)
    event = ChangeEvent.objects.get()
    assert event.kind == "manufacturer.changed"
    assert event.changes == {"website": {"before": "", "after": "https://integral.by"}}


def test_admission_is_not_changed_by_an_edit(maker_a, registrar):
    def edit():
        fresh = Manufacturer.objects.get(pk=maker_a.pk)
        fresh.status = "refused"
        fresh.save()

    with pytest.raises(workflow.TransitionError):
        workflow.correct_manufacturer(maker_a, registrar, edit=edit)
    maker_a.refresh_from_db()
    assert maker_a.status == "admitted" and not ChangeEvent.objects.exists()
