"""E-mail: registrars hear of submissions, representatives of every decision, each in the
language of their profile; nothing is sent for a transaction that does not commit."""

import pytest

from manufacturers.models import Membership
from registry import workflow
from registry.notifications import muted
from tests.applications import admission_candidate as candidate
from tests.applications import make_application
from tests.factories import make_product, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (the tasks) of what happens inside."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_registrars_are_told_of_a_submission(rep_a, maker_a, registrar, registrar_ru, mailoutbox,
                                             committing):
    application = make_application(rep_a, maker_a)
    assert mailoutbox == []  # a draft is nobody's business yet
    with committing():
        workflow.submit(application, rep_a)
    (mail,) = mailoutbox
    assert mail.to == [registrar.email]
    assert f"Заявление № {application.reference}" in mail.subject  # the registrar reads Russian
    assert f"/admin/registry/application/{application.pk}/change/" in mail.body


def test_a_resubmission_goes_to_the_registrar_who_asked(rep_a, maker_a, registrar, mailoutbox,
                                                        committing):
    other = make_user("second_registrar", is_staff=True, state="BY")
    other.groups.add(*registrar.groups.all())
    application = make_application(rep_a, maker_a, state="changes_requested",
                                   registrar=registrar)
    with committing():
        workflow.resubmit(application, rep_a, "Done.")
    assert [m.to for m in mailoutbox] == [[registrar.email]]


def test_representatives_hear_of_each_decision_in_their_language(
        rep_a, maker_a, registrar, mailoutbox, committing):
    rep_a.language = "en"
    rep_a.save()
    viewer = make_user("viewer_ru", represents=maker_a, role=Membership.Role.VIEWER)
    application = make_application(rep_a, maker_a, state="submitted")
    with committing():
        workflow.take_for_review(application, registrar)
        workflow.request_changes(application, registrar, "Attach the certificate of origin.")
    assert len(mailoutbox) == 4
    english = [m for m in mailoutbox if m.to == [rep_a.email]]
    russian = [m for m in mailoutbox if m.to == [viewer.email]]
    assert english[0].subject == f"Application No. {application.reference}: taken for review"
    assert "asks for changes" in english[1].body
    assert "Attach the certificate of origin." in english[1].body
    assert f"/portal/applications/{application.pk}/" in english[1].body
    assert russian[1].subject.startswith(f"Заявление № {application.reference}")
    assert "Attach the certificate of origin." in russian[1].body
    assert "Уважаем" in russian[1].body


def test_approval_tells_the_registry_number(rep_a, maker_a, registrar, mailoutbox,
                                            committing):
    rep_a.language = "en"
    rep_a.save()
    application = make_application(rep_a, maker_a, state="under_review", registrar=registrar)
    with committing():
        application = workflow.approve(application, registrar)
    (mail,) = mailoutbox
    assert "has been approved" in mail.body
    assert application.product.registry_number in mail.body


def test_decisions_on_entries_and_admission_are_sent(rep_a, maker_a, registrar, registrar_ru,
                                                     mailoutbox, committing):
    rep_a.language = "en"
    rep_a.save()
    product = make_product(manufacturer=maker_a)
    with committing():
        workflow.suspend(product, registrar, "Certificate expired.")
        workflow.exclude(product, registrar, reason_code="origin_expired",
                         legal_basis="Order No. 4")
    assert [m.subject for m in mailoutbox] == [
        f"Entry {product.registry_number}: entry suspended",
        f"Entry {product.registry_number}: entry excluded",
    ]
    assert "Legal basis: Order No. 4" in mailoutbox[1].body

    mailoutbox.clear()
    applicant = make_user("applicant", language="en")
    with committing():
        manufacturer = workflow.apply_for_admission(applicant, candidate())
    # A Russian applicant: Russia's registrars are told, and they admit it.
    assert [m.to for m in mailoutbox] == [[registrar_ru.email]]
    with committing():
        workflow.admit(manufacturer, registrar_ru)
    assert mailoutbox[-1].to == [applicant.email]
    assert "has been admitted" in mailoutbox[-1].body


def test_nothing_is_sent_when_the_transaction_does_not_commit(rep_a, maker_a, registrar,
                                                              mailoutbox):
    application = make_application(rep_a, maker_a, state="submitted")
    workflow.take_for_review(application, registrar)  # the test's transaction never commits
    assert mailoutbox == []


def test_muted_sends_nothing(rep_a, maker_a, registrar, mailoutbox, committing):
    with committing(), muted():
        make_application(rep_a, maker_a, state="approved", registrar=registrar)
    assert mailoutbox == []
