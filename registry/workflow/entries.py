"""Transitions of a register entry: registered ⇄ suspended, registered | suspended → excluded
(final); inclusion and amendment as approved applications; a registrar's direct correction or
registration in the admin. Each writes the change feed with the field-level changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from products.models import Document, Product, ProductStatus, StatusReason
from products.rows import create_in_bulk

from .. import proposals
from ..audit import acting_as, current_reason
from ..feed.recording import record
from ..feed.states import diff, entry_state
from ..models import Action, Application, ChangeKind, User
from ..numbering import assign_registry_number, next_registry_number, placeholder_number
from ..term import term_end
from . import rights
from .common import check_text, lock, required_text
from .errors import TransitionError
from .records import log
from .steps import ENTRY, joint_entry
from .versions import require_version

IN_FORCE = [ProductStatus.REGISTERED, ProductStatus.SUSPENDED]
# What only the transitions below change; a correction that touches them is refused.
FIXED_BY_TRANSITIONS = ["registry_number", "manufacturer", "status", "registered_at",
                        "suspended_at", "suspension_reason", "suspension_reason_code",
                        "suspension_legal_basis", "excluded_at", "exclusion_reason",
                        "exclusion_legal_basis", "exclusion_note"]


def _require_status(product, allowed, message):
    if product.status not in allowed:
        raise TransitionError(message % {"number": product.registry_number,
                                         "status": product.get_status_display()})


# --- Through applications (called by workflow.applications.approve) -----------------------------

def include(application: Application, actor: User, *, decision: dict[str, Any],
            comment: str = "") -> Product:
    """A new entry from an approved inclusion: next number, registered today, full term.

    The entry and its rows are written first, under a placeholder number, and the registry
    number is taken last (see numbering): the counter's lock, which every other approval
    waits for, is held only for the last few statements, however large the entry."""
    today = timezone.localdate()
    product = Product(
        manufacturer=application.manufacturer, status=ProductStatus.REGISTERED,
        registered_at=today, valid_until=term_end(today),
        registry_number=placeholder_number(application.pk), **decision,
    )
    # The entry's history record is written once, below, with its real number.
    # (django-simple-history's documented switch, an attribute the model does not declare)
    setattr(product, "skip_history_when_saving", True)  # noqa: B010
    with acting_as(actor, ChangeKind.INCLUDED.value):
        proposals.apply(application.proposal, product)
        copy_documents(application, product)
        delattr(product, "skip_history_when_saving")
        assign_registry_number(product, today.year)
        Product.history.bulk_history_create(
            [product], default_change_reason=current_reason()[:100] or None)
    record(ChangeKind.INCLUDED, actor=actor, product=product, application=application,
           comment=comment, changes=diff(None, entry_state(product)))
    return product


def amend(application: Application, actor: User, *, comment: str = "") -> Product:
    """The entry with what the amendment changed against the entry it started from."""
    product = lock(Product, application.product_id, "manufacturer")
    _require_status(product, IN_FORCE, _(
        "Entry %(number)s is %(status)s; an excluded entry cannot be amended."))
    current = proposals.of_entry(product)
    merged = proposals.merge(current, application.base or current, application.proposal)
    if not proposals.changed_sections(current, merged) and not application.documents.exists():
        return product  # the entry already says it (a registrar corrected it meanwhile)
    before = entry_state(product)
    with acting_as(actor, ChangeKind.AMENDED.value):
        proposals.apply(merged, product)
        copy_documents(application, product)
    changes = diff(before, entry_state(product))
    if changes:
        record(ChangeKind.AMENDED, actor=actor, product=product, application=application,
               comment=comment, changes=changes)
    return product


def copy_documents(application, product):
    """The application's documents become the entry's (a copy: each row owns its file); the
    files are stored one by one, the rows written in one statement."""
    field = Document._meta.get_field("file")
    copies = []
    for source in application.documents.all():
        copy = Document(
            product=product, kind=source.kind, title=source.title,
            content_type=source.content_type, sha256=source.sha256, size=source.size,
            original_name=source.original_name,
        )
        with source.file.open("rb") as handle:
            copy.file = File(handle, name=source.original_name or "document")
            field.pre_save(copy, add=True)  # stores the file under a fresh name
        copies.append(copy)
    create_in_bulk(Document, copies)


# --- The registrar's decisions on an entry ------------------------------------------------------

def suspend(product: Product, actor: User | None, reason: str, *, reason_code: str = "",
            legal_basis: str = "", checked: bool = False) -> Product:
    """Registered → suspended: the entry stays public, marked with the date, the reason code
    (the list exclusion uses), the legal basis and a note (`reason`), until it is reinstated
    or excluded. `checked`: the register itself suspends (an origin document lapsed)."""
    reason = check_text(required_text(reason, "reason", _("Give the reason for the suspension.")),
                        "reason", 5000)
    if reason_code and reason_code not in StatusReason.values:
        raise ValidationError({"reason_code": _("Choose a reason from the list.")})
    legal_basis = check_text(legal_basis, "legal_basis", 300)
    return _change_status(
        product, actor, "suspend", kind=ChangeKind.SUSPENDED, action=Action.ENTRY_SUSPENDED,
        comment=reason, checked=checked,
        data={"reason_code": reason_code, "legal_basis": legal_basis} if reason_code else None,
        values={"status": ProductStatus.SUSPENDED, "suspended_at": timezone.localdate(),
                "suspension_reason": reason, "suspension_reason_code": reason_code,
                "suspension_legal_basis": legal_basis},
    )


def reinstate(product: Product, actor: User | None, comment: str = "", *,
              checked: bool = False, application: Application | None = None) -> Product:
    """Suspended → registered, once the reason for the suspension is gone. `checked`: the
    register reinstates by itself (a new origin document was accepted with `application`)."""
    comment = check_text(comment, "comment", 5000)
    return _change_status(
        product, actor, "reinstate", kind=ChangeKind.REINSTATED,
        action=Action.ENTRY_REINSTATED, comment=comment, checked=checked,
        application=application,
        values={"status": ProductStatus.REGISTERED, "suspended_at": None,
                "suspension_reason": "", "suspension_reason_code": "",
                "suspension_legal_basis": ""},
    )


def exclude(product: Product, actor: User, *, reason_code: str, legal_basis: str,
            note: str = "", application: Application | None = None) -> Product:
    """Final: the entry stays in the register, marked excluded with date, reason and basis.
    With `application` (an approved withdrawal) the approval is the decision logged."""
    if reason_code not in StatusReason.values:
        raise ValidationError({"reason_code": _("Choose a reason from the list.")})
    legal_basis = check_text(required_text(legal_basis, "legal_basis", _(
        "Give the legal basis of the exclusion.")), "legal_basis", 300)
    note = check_text(note, "note", 5000)
    return _change_status(
        product, actor, "exclude", kind=ChangeKind.EXCLUDED,
        action=None if application else Action.ENTRY_EXCLUDED, comment=note,
        values={"status": ProductStatus.EXCLUDED, "excluded_at": timezone.localdate(),
                "exclusion_reason": reason_code, "exclusion_legal_basis": legal_basis,
                "exclusion_note": note},
        application=application, checked=application is not None,
    )


def _change_status(product, actor, name, *, kind, action, comment, values, application=None,
                   checked=False, data=None):
    """Take step `name` of the entry's table; `checked`: the actor was checked by the step
    that takes this one (the approval of a withdrawal)."""
    with transaction.atomic():
        product = lock(Product, product.pk, "manufacturer")
        ENTRY.require(name, product, actor, actor_checked=checked)
        before = entry_state(product)
        previous = product.status
        for name, value in values.items():
            setattr(product, name, value)
        with acting_as(actor, comment or kind.value):
            product.save()
        record(kind, actor=actor, product=product, application=application, comment=comment,
               changes=diff(before, entry_state(product)))
        if action is not None:
            log(action, actor=actor, manufacturer=product.manufacturer, product=product,
                from_state=previous, to_state=product.status, comment=comment, data=data)
    return product


# --- The registrar's direct edits in the admin --------------------------------------------------

def correct_entry(product: Product, actor: User, *, reason: str, edit: Callable[[], object],
                  version: str | None = None, notify: bool = True) -> Product:
    """A registrar corrects an entry directly: `edit()` writes the change (the admin's form and
    inlines); the number, owner and status stay as they are (they have transitions of their
    own) and an excluded entry is not corrected at all. `version`: that of the entry when the
    form was opened (see versions)."""
    reason = check_text(required_text(reason, "reason", _(
        "Say why the entry is corrected.")), "reason", 5000)
    with transaction.atomic():
        product = lock(Product, product.pk, "manufacturer")
        rights.require_registrar(actor, product.manufacturer, joint=joint_entry(product))
        _require_status(product, IN_FORCE, _(
            "Entry %(number)s is %(status)s; an excluded entry is final and is not corrected."))
        require_version(product, version)
        before = entry_state(product)
        with acting_as(actor, reason):
            edit()
        product.refresh_from_db()
        after = entry_state(product)
        touched = [name for name in FIXED_BY_TRANSITIONS if before[name] != after[name]]
        if touched:
            raise TransitionError(_("A correction cannot change the registry number, the "
                                    "manufacturer or the status; use suspend, reinstate or "
                                    "exclude."))
        changes = diff(before, after)
        if not changes:
            # Undo the save: the entry's updated_at is public and must not move without an
            # event in the change feed.
            transaction.set_rollback(True)
            return product
        record(ChangeKind.CORRECTED, actor=actor, product=product, comment=reason,
               changes=changes)
        log(Action.ENTRY_CORRECTED, actor=actor, manufacturer=product.manufacturer,
            product=product, comment=reason, data={"fields": sorted(changes)}, notify=notify)
    return product


def register_directly(product: Product, actor: User, *,
                      save_related: Callable[[], object] | None = None,
                      reason: str = "", notify: bool = True) -> Product:
    """A registrar enters an entry without an application: registered today, next number.
    `notify`: e-mail the manufacturer's representatives (an import of a national register,
    which registers entries by the thousand, does not)."""
    reason = check_text(reason, "reason", 5000)
    with transaction.atomic():
        rights.require_registrar(actor, product.manufacturer, joint=joint_entry(product))
        rights.require_admitted(product.manufacturer)
        today = timezone.localdate()
        product.status = ProductStatus.REGISTERED
        product.registered_at = today
        product.valid_until = product.valid_until or term_end(today)
        product.registry_number = next_registry_number(today.year)
        with acting_as(actor, reason or ChangeKind.INCLUDED.value):
            product.save()
            if save_related is not None:
                save_related()
        record(ChangeKind.INCLUDED, actor=actor, product=product, comment=reason,
               changes=diff(None, entry_state(product)))
        log(Action.ENTRY_REGISTERED, actor=actor, manufacturer=product.manufacturer,
            product=product, to_state=product.status, comment=reason, notify=notify)
    return product
