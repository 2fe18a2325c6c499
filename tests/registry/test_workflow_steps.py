"""The workflow's table of steps is the one answer to "what may this user do next": for every
state and every kind of user, the steps offered are exactly the steps the workflow takes, and
every other step is refused with the workflow's error and changes nothing."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.db import transaction
from django.utils import timezone

from manufacturers.models import Manufacturer, Membership
from manufacturers.roles import REGISTRARS_GROUP
from products.models import ProductStatus
from registry import workflow
from registry.models import ApplicationState
from registry.workflow import steps
from registry.workflow.steps import ADMISSION, APPLICATION, ENTRY, available_steps
from tests.applications import include_data, make_application, mcu_category
from tests.factories import make_manufacturer, make_product, make_user

pytestmark = pytest.mark.django_db

# Arguments each step is given when tried: valid, so only the table can refuse it.
ARGUMENTS = {
    "submit": {}, "resubmit": {"comment": "Attached."}, "withdraw": {"comment": ""},
    "take": {}, "request_changes": {"comment": "Attach the datasheet."}, "approve": {},
    "reject": {"reason": "No certificate."}, "suspend": {"reason": "Certificate lapsed."},
    "reinstate": {}, "exclude": {"reason_code": "false_data", "legal_basis": "Order 5"},
    "admit": {}, "refuse": {"reason": "Not a manufacturer."},
}


class Taken(Exception):
    """Raised after a step was taken, to roll it back before the next one is tried."""


def outcome(lifecycle, name, obj, user):
    """`True` if the workflow takes the step; else the refusal, with nothing changed."""
    before = lifecycle.state(obj)
    try:
        with transaction.atomic():
            lifecycle.steps[name].function(obj, user, **ARGUMENTS[name])
            raise Taken
    except Taken:
        return True
    except workflow.TransitionError as error:
        obj.refresh_from_db()
        assert lifecycle.state(obj) == before, (name, error)
        return error


def assert_offered_is_accepted(lifecycle, obj, users):
    """For each user: what is offered is taken, and what is not offered is refused."""
    for label, user in users.items():
        offered = steps.names(available_steps(obj, user))
        for name in lifecycle.steps:
            result = outcome(lifecycle, name, obj, user)
            if name in offered:
                assert result is True, (lifecycle.state(obj), label, name, result)
            else:
                assert isinstance(result, workflow.TransitionError), (
                    lifecycle.state(obj), label, name)


def registrar_user(name, **fields):
    user = make_user(name, is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=REGISTRARS_GROUP))
    return user


@pytest.fixture
def people(maker_a, rep_a, rep_b, registrar):
    """Everyone who may ask about an application of maker A."""
    representing = registrar_user("registrar_of_a", state="BY")
    Membership.objects.create(user=representing, manufacturer=maker_a,
                              role=Membership.Role.EDITOR)
    return {
        "editor": rep_a,
        "viewer": make_user("viewer_a", represents=maker_a, role=Membership.Role.VIEWER),
        "editor of another maker": rep_b,
        "reviewing registrar": registrar,
        "another registrar": registrar_user("registrar_two", state="BY"),
        "registrar of the other state": registrar_user("registrar_ru", state="RU"),
        "registrar representing the maker": representing,
        "superuser": make_user("root", is_staff=True, is_superuser=True),
        "anonymous": AnonymousUser(),
    }


@pytest.mark.parametrize("state", ApplicationState.values)
def test_an_application_offers_exactly_what_the_workflow_takes(state, people, maker_a,
                                                              registrar):
    application = make_application(
        people["editor"], maker_a, state=state, registrar=registrar,
        data=include_data(mcu_category(), part_number=f"P-{state}"))
    assert_offered_is_accepted(APPLICATION, application, people)


@pytest.mark.parametrize("status", ProductStatus.values)
def test_an_entry_offers_exactly_what_the_workflow_takes(status, people, maker_a, registrar):
    # Time, not a step, makes an entry expired: its term ended yesterday.
    product = make_product(manufacturer=maker_a, valid_until=(
        timezone.localdate() - datetime.timedelta(days=1)
        if status == ProductStatus.EXPIRED else None))
    if status not in (ProductStatus.REGISTERED, ProductStatus.EXPIRED):
        ENTRY.path_to(status)[-1].function(product, registrar, **ARGUMENTS[
            ENTRY.path_to(status)[-1].name])
        product.refresh_from_db()
    assert product.effective_status == status
    assert_offered_is_accepted(ENTRY, product, people)


@pytest.mark.parametrize("status", Manufacturer.Status.values)
def test_an_admission_offers_exactly_what_the_workflow_takes(status, people, registrar):
    applicant = make_manufacturer(status=status)
    users = {**people, "applicant": make_user("applicant", represents=applicant)}
    assert_offered_is_accepted(ADMISSION, applicant, users)


def test_what_each_user_is_offered(people, maker_a, registrar):
    """The table read as a person would: the manufacturer's side before the registrar's."""
    application = make_application(people["editor"], maker_a, state="submitted")

    def offered(user):
        return steps.names(available_steps(application, user))

    assert offered(people["editor"]) == ["withdraw"]
    assert offered(people["viewer"]) == offered(people["editor of another maker"]) == []
    assert offered(people["reviewing registrar"]) == ["take"]
    # Who represents the maker acts as its editor and never as its registrar.
    assert offered(people["registrar representing the maker"]) == ["withdraw"]
    workflow.take_for_review(application, registrar)
    application.refresh_from_db()
    assert offered(people["editor"]) == []
    assert offered(registrar) == ["approve", "request_changes", "reject"]
    assert offered(people["another registrar"]) == ["take"]
    # Russia's registrars read a Belarusian maker's application but take no step on it.
    assert offered(people["registrar of the other state"]) == []
    # A superuser may take it over or decide at once (the workflow has always allowed both).
    assert offered(people["superuser"]) == ["take", "approve", "request_changes", "reject"]


def test_a_refusal_from_the_table_keeps_the_workflows_words(people, maker_a, registrar):
    application = make_application(people["editor"], maker_a, state="under_review",
                                   registrar=registrar)
    refusal = outcome(APPLICATION, "submit", application, people["editor"])
    assert str(refusal) == (f"Only a draft can be submitted; application No. "
                            f"{application.reference} is under review.")
    refusal = outcome(APPLICATION, "approve", application, people["another registrar"])
    assert isinstance(refusal, workflow.NotAllowed)
    assert "reviewed by another registrar" in str(refusal)
    refusal = outcome(APPLICATION, "take", application, registrar)
    assert not isinstance(refusal, workflow.NotAllowed)
    assert "already reviewing" in str(refusal)
    refusal = outcome(APPLICATION, "submit", application, people["viewer"])
    assert isinstance(refusal, workflow.NotAllowed)  # the side is checked before the state


def test_every_state_is_reached_from_the_start_along_the_table():
    for lifecycle, states in ((APPLICATION, ApplicationState.values),
                              (ENTRY, set(ProductStatus.values) - {ProductStatus.EXPIRED}),
                              (ADMISSION, Manufacturer.Status.values)):
        for state in states:
            path = lifecycle.path_to(state)
            assert (path[-1].target if path else lifecycle.initial) == state
    assert steps.names(APPLICATION.path_to("changes_requested")) == [
        "submit", "take", "request_changes"]


def test_every_step_names_its_function_and_its_text():
    for lifecycle in steps.LIFECYCLES:
        for step in lifecycle.steps.values():
            assert callable(step.function), step.name
            assert str(step.label)
            if step.needs_comment:
                assert step.comment in ARGUMENTS[step.name], step.name
