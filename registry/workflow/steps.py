"""Which steps each state allows, and who may take them: one table per lifecycle (an
application, a register entry, a manufacturer's admission).

Every transition checks itself against its table (`Lifecycle.require`, under the row's lock),
and every door — the desk, the portal, the API, the demo and the tests — asks
`available_steps` what to offer. Both read the same rows, so no door offers a step the workflow
would refuse, nor hides one it would take.

A check answers in the order the doors rely on: first the side of the actor (an editor of the
manufacturer, or a registrar who does not represent it: `NotAllowed`, 403 in the API), then the
state (`TransitionError`, 409), then what the state adds about the actor (e.g. only the
reviewing registrar decides).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Model
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from manufacturers.models import Manufacturer, Membership
from products.models import Category, Product, ProductStatus

from .. import authorities
from ..models import Application, ApplicationState
from . import rights
from .errors import NotAllowed, TransitionError

REPRESENTATIVE, REGISTRAR = "representative", "registrar"

# --- Who the user is to the workflow --------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """What the workflow needs to know of a user, read once (one query) for any number of
    objects: whether they are a registrar, and their role for each manufacturer."""

    user: Any
    registrar: bool = False
    roles: Mapping[int, str] = field(default_factory=dict)
    state: str | None = None  # the state a registrar decides for (None: a superuser, both)

    def role(self, manufacturer: Manufacturer) -> str | None:
        return self.roles.get(manufacturer.pk)


def standing_of(user: Any) -> Standing:
    if user is None or not user.is_authenticated or not user.is_active:
        return Standing(user)
    roles = dict(Membership.objects.filter(user=user).values_list("manufacturer_id", "role"))
    registrar = rights.is_registrar(user)
    return Standing(user, registrar, roles, rights.deciding_state(user) if registrar else None)


Condition = Callable[[Any, Standing], TransitionError | None]


@dataclass(frozen=True, eq=False)
class Who:
    """Who may take a step from a state: a side, and what the state adds about the actor."""

    side: str
    conditions: tuple[Condition, ...] = ()

    def but(self, *conditions: Condition) -> Who:
        return Who(self.side, self.conditions + conditions)


def side_refusal(side: str, maker: Manufacturer, standing: Standing,
                 joint: bool = False) -> NotAllowed | None:
    if side == REPRESENTATIVE:
        return rights.editor_refusal(maker, standing.role(maker))
    return rights.registrar_refusal(maker, standing.registrar, standing.role(maker),
                                    standing.state, joint)


def reviewing(application: Application, standing: Standing) -> TransitionError | None:
    """Decisions on an application are taken by the registrar who reviews it."""
    if application.assigned_to_id == standing.user.pk or standing.user.is_superuser:
        return None
    return NotAllowed(_("Application No. %(number)s is reviewed by another registrar; take it "
                        "for review first.") % {"number": application.reference})


def not_reviewing(application: Application, standing: Standing) -> TransitionError | None:
    """Another registrar may take an application over; its reviewer already has it."""
    if application.assigned_to_id != standing.user.pk:
        return None
    return TransitionError(_("You are already reviewing application No. %(number)s.")
                           % {"number": application.reference})


EDITOR = Who(REPRESENTATIVE)
DECIDER = Who(REGISTRAR)
REVIEWER = DECIDER.but(reviewing)

# --- Steps and lifecycles -----------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Step:
    """A step as the doors show it. `comment`: the argument of its free text ("comment",
    "reason", "note"; "" if it takes none), which must be given when `needs_comment`."""

    name: str
    label: str | Promise
    target: str
    function_path: str
    refusal: str | Promise  # when the state does not allow it: %(number)s, %(state)s, %(maker)s
    comment: str = ""
    needs_comment: bool = False

    @property
    def function(self) -> Callable[..., Any]:
        """The workflow function that takes the step (imported late: it imports this table)."""
        return import_string(f"{__package__}.{self.function_path}")

    @property
    def slug(self) -> str:
        """The step in addresses (the desk's and the API's URLs)."""
        return self.name.replace("_", "-")


class Lifecycle:
    """One table: state → {step: who may take it}. A step not in a state's row is refused in
    that state; every row names the same side for a step (checked here, once)."""

    def __init__(self, model: type[Model], field_name: str, initial: str,
                 table: Mapping[str, Mapping[Step, Who]],
                 maker: Callable[[Any], Manufacturer], number: Callable[[Any], str],
                 joint: Callable[[Any], bool] = lambda obj: False):
        self.model, self.field, self.initial = model, field_name, initial
        self.table, self.maker, self.number = table, maker, number
        self.joint = joint  # whether either state's registrars decide on the object
        self.steps: dict[str, Step] = {}
        self.sides: dict[str, str] = {}
        for row in table.values():
            for step, who in row.items():
                if self.sides.setdefault(step.name, who.side) != who.side:
                    raise ValueError(f"{step.name} is taken by one side only")
                self.steps[step.name] = step

    def state(self, obj: Any) -> str:
        return getattr(obj, self.field)

    def refusal(self, name: str, obj: Any, standing: Standing | None) -> TransitionError | None:
        """Why the step may not be taken now, or None. Without a standing, the actor was checked
        by the step that takes this one (an approved withdrawal excludes its entry)."""
        step = self.steps[name]
        if standing is not None:
            not_allowed = side_refusal(self.sides[name], self.maker(obj), standing,
                                       self.sides[name] == REGISTRAR and self.joint(obj))
            if not_allowed is not None:
                return not_allowed
        who = self.table.get(self.state(obj), {}).get(step)
        if who is None:
            return TransitionError(step.refusal % self._describe(obj))
        if standing is None:
            return None
        return next((refused for condition in who.conditions
                     if (refused := condition(obj, standing)) is not None), None)

    def require(self, name: str, obj: Any, user: Any, *, actor_checked: bool = False) -> None:
        """Raise the refusal of the step, if any; called by its transition under the lock."""
        refused = self.refusal(name, obj, None if actor_checked else standing_of(user))
        if refused is not None:
            raise refused

    def available(self, obj: Any, standing: Standing) -> list[Step]:
        return [step for step in self.table.get(self.state(obj), {})
                if self.refusal(step.name, obj, standing) is None]

    def path_to(self, state: str) -> list[Step]:
        """The shortest way from the initial state to `state` (for the demo and the tests,
        which bring objects into each state through the workflow itself)."""
        paths: dict[str, list[Step]] = {self.initial: []}
        queue = deque([self.initial])
        while queue:
            current = queue.popleft()
            for step in self.table.get(current, {}):
                if step.target not in paths:
                    paths[step.target] = [*paths[current], step]
                    queue.append(step.target)
        if state not in paths:
            raise ValueError(f"{state} cannot be reached")
        return paths[state]

    def _describe(self, obj: Any) -> dict[str, Any]:
        shown = getattr(obj, f"get_{self.field}_display")()
        return {"number": self.number(obj), "state": shown, "status": shown,
                "maker": self.maker(obj)}


def joint_application(application: Application) -> bool:
    """Whether the application's category (proposed, else its entry's) is decided jointly."""
    if not getattr(settings, "JOINT_DECISION_CATEGORIES", ()):
        return False
    slug = (application.proposal or {}).get("category")
    if slug:
        path = Category.objects.filter(slug=slug).values_list("path", flat=True).first()
    else:
        product = application.product
        path = product.category.path if product is not None else ""
    return authorities.joint_path(path or "")


def joint_entry(product: Product) -> bool:
    if not getattr(settings, "JOINT_DECISION_CATEGORIES", ()):
        return False
    return authorities.joint_path(product.category.path)


# --- An application -----------------------------------------------------------------------

A = ApplicationState
DECISION_REFUSAL = gettext_lazy("Application No. %(number)s is %(state)s; a decision is taken "
                                "only on an application under review.")
SUBMIT = Step("submit", gettext_lazy("Submit to the registrars"), A.SUBMITTED,
              "applications.submit", gettext_lazy(
                  "Only a draft can be submitted; application No. %(number)s is %(state)s."))
RESUBMIT = Step("resubmit", gettext_lazy("Resubmit"), A.UNDER_REVIEW, "applications.resubmit",
                gettext_lazy("Application No. %(number)s is %(state)s; only an application the "
                             "registrar returned for changes can be resubmitted."), "comment")
WITHDRAW = Step("withdraw", gettext_lazy("Withdraw the application"), A.WITHDRAWN,
                "applications.withdraw_application", gettext_lazy(
                    "Application No. %(number)s is %(state)s; it can no longer be withdrawn."),
                "comment")
TAKE = Step("take", gettext_lazy("Take for review"), A.UNDER_REVIEW,
            "applications.take_for_review", gettext_lazy(
                "Application No. %(number)s is %(state)s; only a submitted application can be "
                "taken for review."))
REQUEST_CHANGES = Step("request_changes", gettext_lazy("Request changes"), A.CHANGES_REQUESTED,
                       "applications.request_changes", DECISION_REFUSAL, "comment", True)
APPROVE = Step("approve", gettext_lazy("Approve"), A.APPROVED, "applications.approve",
               DECISION_REFUSAL, "comment")
REJECT = Step("reject", gettext_lazy("Reject"), A.REJECTED, "applications.reject",
              DECISION_REFUSAL, "reason", True)

APPLICATION = Lifecycle(Application, "state", A.DRAFT, {
    A.DRAFT: {SUBMIT: EDITOR, WITHDRAW: EDITOR},
    A.SUBMITTED: {TAKE: DECIDER, WITHDRAW: EDITOR},
    A.UNDER_REVIEW: {TAKE: DECIDER.but(not_reviewing), APPROVE: REVIEWER,
                     REQUEST_CHANGES: REVIEWER, REJECT: REVIEWER},
    A.CHANGES_REQUESTED: {RESUBMIT: EDITOR, WITHDRAW: EDITOR},
}, maker=lambda application: application.manufacturer,
    number=lambda application: application.reference, joint=joint_application)

# --- A register entry ---------------------------------------------------------------------

E = ProductStatus
SUSPEND = Step("suspend", gettext_lazy("Suspend"), E.SUSPENDED, "entries.suspend", gettext_lazy(
    "Entry %(number)s is %(status)s; only a registered entry can be suspended."), "reason", True)
REINSTATE = Step("reinstate", gettext_lazy("Reinstate"), E.REGISTERED, "entries.reinstate",
                 gettext_lazy("Entry %(number)s is %(status)s; only a suspended entry can be "
                              "reinstated."), "comment")
EXCLUDE = Step("exclude", gettext_lazy("Exclude"), E.EXCLUDED, "entries.exclude", gettext_lazy(
    "Entry %(number)s is already %(status)s; exclusion is final."), "note")

# An entry's state is its status today: past its term it is expired (a state time brings, so no
# step leads to it) and can only be excluded, or renewed through an application.
ENTRY = Lifecycle(Product, "effective_status", E.REGISTERED, {
    E.REGISTERED: {SUSPEND: DECIDER, EXCLUDE: DECIDER},
    E.SUSPENDED: {REINSTATE: DECIDER, EXCLUDE: DECIDER},
    E.EXPIRED: {EXCLUDE: DECIDER},
}, maker=lambda product: product.manufacturer, number=lambda product: product.registry_number,
    joint=lambda product: joint_entry(product))

# --- A manufacturer's admission -----------------------------------------------------------

M = Manufacturer.Status
ADMIT = Step("admit", gettext_lazy("Admit"), M.ADMITTED, "manufacturers.admit",
             gettext_lazy("%(maker)s is already admitted."), "comment")
REFUSE = Step("refuse", gettext_lazy("Refuse"), M.REFUSED, "manufacturers.refuse_admission",
              gettext_lazy("%(maker)s is %(status)s; only a pending application for admission "
                           "is refused."), "reason", True)

ADMISSION = Lifecycle(Manufacturer, "status", M.PENDING, {
    M.PENDING: {ADMIT: DECIDER, REFUSE: DECIDER},
    M.REFUSED: {ADMIT: DECIDER},
}, maker=lambda manufacturer: manufacturer, number=lambda manufacturer: "")

LIFECYCLES = (APPLICATION, ENTRY, ADMISSION)


def lifecycle_of(obj: Any) -> Lifecycle:
    for lifecycle in LIFECYCLES:
        if isinstance(obj, lifecycle.model):
            return lifecycle
    raise TypeError(f"{type(obj).__name__} has no lifecycle")


def available_steps(obj: Any, user: Any, standing: Standing | None = None) -> list[Step]:
    """The steps `user` may take on `obj` now, in the table's order. Pass `standing` (from
    `standing_of(user)`) when asking for many objects, to read the user once."""
    return lifecycle_of(obj).available(obj, standing or standing_of(user))


def jurisdiction_refusal(obj: Any, user: Any) -> NotAllowed | None:
    """Why a registrar may read `obj` but not decide on it: it belongs to the other state's
    ministry (or the registrar's account names no state); None otherwise."""
    standing = standing_of(user)
    if not standing.registrar or standing.state is None:
        return None
    lifecycle = lifecycle_of(obj)
    return rights.state_refusal(lifecycle.maker(obj), standing.state, lifecycle.joint(obj))


def names(steps: Iterable[Step]) -> list[str]:
    return [step.name for step in steps]
