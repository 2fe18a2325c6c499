"""Admission of manufacturers: an organisation applies, a registrar admits or refuses it.
Until admitted it cannot apply for products; once admitted its public data changes only
through `correct_manufacturer`, which feeds the change log."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from manufacturers.models import Manufacturer, Membership
from products import partnumbers

from ..audit import acting_as
from ..feed.recording import record
from ..feed.states import diff, manufacturer_state
from ..models import Action, ChangeKind, User
from ..notifications import queue_admission_request
from . import rights
from .common import check_text, lock, required_text
from .errors import NotAllowed, TransitionError
from .records import log
from .steps import ADMISSION
from .versions import require_version

PENDING, ADMITTED, REFUSED = (Manufacturer.Status.PENDING, Manufacturer.Status.ADMITTED,
                              Manufacturer.Status.REFUSED)
FIXED_BY_TRANSITIONS = ["status", "admitted_at"]


def apply_for_admission(actor: User, manufacturer: Manufacturer) -> Manufacturer:
    """`manufacturer`: an unsaved, validated Manufacturer. The applicant becomes its editor."""
    if not (actor.is_authenticated and actor.is_active):
        raise NotAllowed(_("Sign in to apply for admission."))
    with transaction.atomic():
        pending = Manufacturer.objects.filter(status=PENDING, memberships__user=actor).first()
        if pending is not None:
            raise TransitionError(_("You already have an application for admission in progress "
                                    "(%(maker)s); wait for the registrar's decision.")
                                  % {"maker": pending})
        manufacturer.status = PENDING
        manufacturer.admitted_at = None
        manufacturer.slug = manufacturer.slug or unique_slug(manufacturer)
        manufacturer.full_clean()
        with acting_as(actor, Action.ADMISSION_REQUESTED.value):
            manufacturer.save()
            Membership.objects.create(user=actor, manufacturer=manufacturer,
                                      role=Membership.Role.EDITOR)
        log(Action.ADMISSION_REQUESTED, actor=actor, manufacturer=manufacturer,
            to_state=PENDING)
        queue_admission_request(manufacturer)
    return manufacturer


def unique_slug(manufacturer: Manufacturer) -> str:
    base = slugify(manufacturer.short_name_en or manufacturer.name_en) \
        or slugify(partnumbers.translit(manufacturer.short_name_ru).lower()) \
        or manufacturer.country.lower()
    base = base[:50]
    slug, n = base, 1
    while Manufacturer.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def admit(manufacturer: Manufacturer, actor: User, comment: str = "") -> Manufacturer:
    """Pending (or once refused, on reconsideration) → admitted; the maker becomes public."""
    comment = check_text(comment, "comment", 5000)
    with transaction.atomic():
        manufacturer = _for_decision(manufacturer, actor, "admit")
        previous = manufacturer.status
        manufacturer.status = ADMITTED
        manufacturer.admitted_at = timezone.now()
        with acting_as(actor, comment or Action.ADMITTED.value):
            manufacturer.save()
        record(ChangeKind.MANUFACTURER_ADMITTED, actor=actor, manufacturer=manufacturer,
               comment=comment, changes=diff(None, manufacturer_state(manufacturer)))
        log(Action.ADMITTED, actor=actor, manufacturer=manufacturer, from_state=previous,
            to_state=ADMITTED, comment=comment)
    return manufacturer


def admit_from_register(manufacturer: Manufacturer, actor: User, basis: str) -> Manufacturer:
    """A registrar enters a manufacturer a national register lists (an import of that register
    found no maker with its INN, OGRN or UNP): `manufacturer`, unsaved, is filed as awaiting
    admission and admitted by `actor` in one transaction, with `basis` as the comment, so the
    decision log and the change feed show it like any admission. Nobody becomes its
    representative; the import's report flags it for the registrar to check."""
    basis = check_text(required_text(basis, "basis", _(
        "Say which register the manufacturer comes from.")), "basis", 5000)
    with transaction.atomic():
        manufacturer.status = PENDING
        manufacturer.admitted_at = None
        manufacturer.slug = manufacturer.slug or unique_slug(manufacturer)
        manufacturer.full_clean()
        with acting_as(actor, basis):
            manufacturer.save()
        return admit(manufacturer, actor, comment=basis)


def refuse_admission(manufacturer: Manufacturer, actor: User, reason: str) -> Manufacturer:
    """Pending → refused, with the reason the applicant is sent; it may be reconsidered."""
    reason = check_text(required_text(reason, "reason", _(
        "Give the reason for the refusal.")), "reason", 5000)
    with transaction.atomic():
        manufacturer = _for_decision(manufacturer, actor, "refuse")
        manufacturer.status = REFUSED
        with acting_as(actor, reason):
            manufacturer.save()
        log(Action.REFUSED, actor=actor, manufacturer=manufacturer, from_state=PENDING,
            to_state=REFUSED, comment=reason)
    return manufacturer


def _for_decision(manufacturer, actor, name):
    """The manufacturer locked, once the table allows `actor` to take step `name` on it."""
    manufacturer = lock(Manufacturer, manufacturer.pk)
    ADMISSION.require(name, manufacturer, actor)
    return manufacturer


def correct_manufacturer(manufacturer: Manufacturer, actor: User, *, edit: Callable[[], object],
                         reason: str = "", version: str | None = None) -> Manufacturer:
    """A registrar edits a manufacturer in the admin: `edit()` writes it. Admission is not
    edited here (admit / refuse); a change to an admitted maker goes to the change feed.
    `version`: that of the manufacturer when the form was opened (see versions)."""
    reason = check_text(reason, "reason", 5000)
    with transaction.atomic():
        current = lock(Manufacturer, manufacturer.pk)
        rights.require_registrar(actor, current)
        require_version(current, version)
        before = manufacturer_state(current)
        with acting_as(actor, reason or Action.MANUFACTURER_CORRECTED.value):
            edit()
        current.refresh_from_db()
        after = manufacturer_state(current)
        if any(before[name] != after[name] for name in FIXED_BY_TRANSITIONS):
            raise TransitionError(_("Admission changes only by the registrar's decision to "
                                    "admit or refuse."))
        changes = diff(before, after)
        if not changes:
            transaction.set_rollback(True)  # updated_at is public: no move without an event
            return current
        if current.status == ADMITTED:
            record(ChangeKind.MANUFACTURER_CHANGED, actor=actor, manufacturer=current,
                   comment=reason, changes=changes)
        log(Action.MANUFACTURER_CORRECTED, actor=actor, manufacturer=current,
            comment=reason, data={"fields": sorted(changes)}, notify=False)
    return current
