"""Transitions of an application, one function each.

    draft ─submit→ submitted ─take_for_review→ under_review ─approve→ approved
                                                            ─reject→ rejected
                                                            ─request_changes→ changes_requested
    changes_requested ─resubmit→ under_review (its registrar's), or submitted if they left
    draft | submitted | changes_requested ─withdraw_application→ withdrawn

Each function locks the application, checks the actor and the state against the table of
steps (see steps: the same table the doors ask what to offer), changes it in one
transaction, writes the decision log (and the change feed when public data changes) and
queues the e-mail for after the commit. The caller gets the updated application back.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from manufacturers.models import Manufacturer
from products.models import ExclusionReason, Product, ProductStatus

from .. import proposals
from ..audit import acting_as
from ..models import (
    Action,
    Application,
    ApplicationDocument,
    ApplicationKind,
    BatchDocument,
    User,
)
from ..models import ApplicationState as State
from ..models.applications import EDITABLE_STATES, OPEN_STATES
from ..notifications import queue_submission
from . import entries, rights, term
from .common import check_text, lock, require_state, required_text
from .errors import NotAllowed, TransitionError
from .records import log
from .steps import APPLICATION
from .versions import require_version

COMMENT_MAX = 5000


# --- The manufacturer's side --------------------------------------------------------------------

def create_application(actor: User, manufacturer: Manufacturer, kind: str, *,
                       product: Product | None = None, data: dict[str, Any] | None = None,
                       note: str = "") -> Application:
    """A new draft. `data` is the proposal (include, amend: defaults to the entry as it is)."""
    rights.require_editor(actor, manufacturer)
    rights.require_admitted(manufacturer)
    note = check_text(note, "note", COMMENT_MAX)
    if kind not in ApplicationKind.values:
        raise TransitionError(_("Unknown kind of application."))
    base = None
    with transaction.atomic():
        if kind == ApplicationKind.INCLUDE:
            product = None
            data = proposals.validate(data or {}, manufacturer)
            _check_no_twin_inclusion(manufacturer, data["part_number"])
        else:
            product = _open_entry(product, manufacturer, kind)
            base = proposals.of_entry(product)
            if kind == ApplicationKind.AMEND:
                data = proposals.validate(base if data is None else data, manufacturer, product)
            elif data is not None:
                raise TransitionError(_carries_no_data(kind))
            elif kind == ApplicationKind.RENEW:
                term.require_renewable(product)
                data = {}
            else:
                data, note = {}, _withdrawal_reason(note)
        application = Application(kind=kind, manufacturer=manufacturer, product=product,
                                  proposal=data, base=base, note=note, created_by=actor)
        try:
            with transaction.atomic(), acting_as(actor, Action.CREATED.value):
                application.save()
        except IntegrityError:
            raise _entry_busy(product) from None
        log(Action.CREATED, actor=actor, manufacturer=manufacturer, application=application,
            product=product, to_state=State.DRAFT)
    return application


def _carries_no_data(kind):
    if kind == ApplicationKind.RENEW:
        return _("A renewal carries no product data; amend the entry for that.")
    return _("A withdrawal carries no product data.")


def _open_entry(product, manufacturer, kind):
    """The entry an amendment, withdrawal or renewal is about, checked and locked."""
    if product is None:
        raise TransitionError(_("Choose the entry the application is about."))
    product = lock(Product, product.pk)
    if product.manufacturer_id != manufacturer.pk:
        raise NotAllowed(_("Entry %(number)s belongs to another manufacturer.")
                         % {"number": product.registry_number})
    if product.status == ProductStatus.EXCLUDED:
        raise TransitionError(_("Entry %(number)s is excluded from the register; an excluded "
                                "entry cannot be amended or withdrawn.")
                              % {"number": product.registry_number})
    if kind == ApplicationKind.AMEND and product.is_expired:
        raise TransitionError(_("The term of entry %(number)s has ended; apply to renew it "
                                "first.") % {"number": product.registry_number})
    if Application.objects.filter(product=product, state__in=OPEN_STATES).exists():
        raise _entry_busy(product)
    return product


def _check_no_twin_inclusion(manufacturer, part_number, application=None):
    """One inclusion in progress per part number of a manufacturer."""
    twins = Application.objects.filter(
        manufacturer=manufacturer, kind=ApplicationKind.INCLUDE, state__in=OPEN_STATES,
        proposal__part_number=part_number)
    if application is not None:
        twins = twins.exclude(pk=application.pk)
    twin = twins.first()
    if twin is not None:
        raise ValidationError({"part_number": _(
            "Application No. %(number)s to include this part number is already in progress."
        ) % {"number": twin.reference}})


def _withdrawal_reason(note):
    """A withdrawal says why: the registrar excludes the entry on its word."""
    return required_text(note, "note", _("Say why the entry is withdrawn."))


def _entry_busy(product):
    return TransitionError(_("Entry %(number)s already has an application in progress; finish "
                             "or withdraw that one first.") % {"number": product.registry_number})


def update_draft(application: Application, actor: User, *, data: dict[str, Any] | None = None,
                 note: str | None = None, version: str | None = None) -> Application:
    """Change the proposed data or the covering note while the application is with the
    manufacturer (a draft, or changes requested). `version`: that of the application when
    the form was opened (see versions)."""
    with transaction.atomic():
        application = lock(Application, application.pk, "manufacturer", "product")
        rights.require_editor(actor, application.manufacturer)
        require_state(application, EDITABLE_STATES, _(
            "Application No. %(number)s is %(state)s; it can be changed only as a draft or "
            "when the registrar has asked for changes."))
        require_version(application, version)
        if data is not None:
            if application.kind in (ApplicationKind.WITHDRAW, ApplicationKind.RENEW):
                raise TransitionError(_carries_no_data(application.kind))
            application.proposal = proposals.validate(
                data, application.manufacturer, application.product)
            if application.kind == ApplicationKind.INCLUDE:
                _check_no_twin_inclusion(application.manufacturer,
                                         application.proposal["part_number"], application)
        if note is not None:
            application.note = check_text(note, "note", COMMENT_MAX)
            if application.kind == ApplicationKind.WITHDRAW:
                application.note = _withdrawal_reason(application.note)
        with acting_as(actor, "draft updated"):
            application.save()
    return application


def add_document(application: Application, actor: User, *, kind: str, file: File,
                 title: str = "") -> ApplicationDocument:
    """Attach a datasheet, certificate or test report (checked by content, hashed)."""
    with transaction.atomic():
        application = lock(Application, application.pk, "manufacturer")
        rights.require_editor(actor, application.manufacturer)
        require_state(application, EDITABLE_STATES, _(
            "Application No. %(number)s is %(state)s; documents can be added only to a draft "
            "or when the registrar has asked for changes."))
        title = (title or "").strip() or (getattr(file, "name", "") or "")[:200]
        document = ApplicationDocument(application=application, kind=kind, title=title,
                                       file=file, uploaded_by=actor)
        document.full_clean()
        with acting_as(actor, "document added"):
            document.save()
            application.save(update_fields=["updated_at"])
    return document


def remove_document(application: Application, actor: User,
                    document: ApplicationDocument) -> Application:
    with transaction.atomic():
        application = lock(Application, application.pk, "manufacturer")
        rights.require_editor(actor, application.manufacturer)
        require_state(application, EDITABLE_STATES, _(
            "Application No. %(number)s is %(state)s; its documents can no longer be removed."))
        document = ApplicationDocument.objects.get(pk=document.pk, application=application)
        storage, name = document.file.storage, document.file.name or ""
        with acting_as(actor, "document removed"):
            document.delete()
            application.save(update_fields=["updated_at"])
        # A batch's document is one file named by every application of the batch.
        if not _file_in_use(name):
            transaction.on_commit(lambda: storage.delete(name))
    return application


def _file_in_use(name):
    return ApplicationDocument.objects.filter(file=name).exists() \
        or BatchDocument.objects.filter(file=name).exists()


def submit(application: Application, actor: User) -> Application:
    """A draft goes to the registrars."""
    with transaction.atomic():
        application = lock(Application, application.pk, "manufacturer", "product")
        APPLICATION.require("submit", application, actor)
        _check_ready(application)
        _move(application, actor, State.SUBMITTED, Action.SUBMITTED, submitted=True)
        queue_submission(application)
    return application


def resubmit(application: Application, actor: User, comment: str = "") -> Application:
    """The manufacturer answers the registrar's request and sends the application back."""
    comment = check_text(comment, "comment", COMMENT_MAX)
    with transaction.atomic():
        application = lock(Application, application.pk, "manufacturer", "product")
        APPLICATION.require("resubmit", application, actor)
        _check_ready(application)
        # Back to the registrar who asked, still theirs to review (no second "take", so no
        # second "under review" e-mail to the manufacturer); to the queue if they have left.
        reviewer = application.assigned_to
        keeps = reviewer is not None and rights.is_registrar(reviewer)
        if not keeps:
            application.assigned_to = None
        _move(application, actor, State.UNDER_REVIEW if keeps else State.SUBMITTED,
              Action.RESUBMITTED, comment=comment, submitted=True)
        queue_submission(application)
    return application


def withdraw_application(application: Application, actor: User,
                         comment: str = "") -> Application:
    """The manufacturer takes back an application the registrar has not started deciding."""
    comment = check_text(comment, "comment", COMMENT_MAX)
    with transaction.atomic():
        application = lock(Application, application.pk, "manufacturer", "product")
        APPLICATION.require("withdraw", application, actor)
        _move(application, actor, State.WITHDRAWN, Action.WITHDRAWN, comment=comment,
              decided=True)
    return application


def _check_ready(application):
    """Data still valid (the register may have changed since), and an amendment changes
    something."""
    if application.kind == ApplicationKind.WITHDRAW:
        return
    if application.kind == ApplicationKind.RENEW:
        term.require_renewable(application.product)
        return
    entry = application.product if application.kind == ApplicationKind.AMEND else None
    application.proposal = proposals.validate(application.proposal, application.manufacturer,
                                              entry)
    if application.kind == ApplicationKind.INCLUDE:
        _check_no_twin_inclusion(application.manufacturer, application.proposal["part_number"],
                                 application)
    if entry is not None and not _amendment_changes(application):
        raise TransitionError(_("The proposal is the same as the entry; change something or "
                                "withdraw the application."))


def _amendment_changes(application):
    return bool(proposals.changed_sections(application.base, application.proposal)) \
        or application.documents.exists()


# --- The registrar's side -----------------------------------------------------------------------

def take_for_review(application: Application, actor: User) -> Application:
    """A registrar takes a submitted application (or takes over one another registrar has:
    a registrar falls ill, a colleague carries on)."""
    with transaction.atomic():
        application = lock(Application, application.pk, "manufacturer", "product")
        APPLICATION.require("take", application, actor)
        previous = application.assigned_to
        application.assigned_to = actor
        _move(application, actor, State.UNDER_REVIEW, Action.TAKEN,
              data={"previous_registrar": previous.get_username()} if previous else None,
              notify=application.state == State.SUBMITTED)
    return application


def request_changes(application: Application, actor: User, comment: str) -> Application:
    """Back to the manufacturer, saying what to change: the data stays theirs to correct."""
    comment = required_text(comment, "comment", _(
        "Say what the manufacturer should change."))
    comment = check_text(comment, "comment", COMMENT_MAX)
    with transaction.atomic():
        application = _for_decision(application, actor, "request_changes")
        # The data as the registrar saw it, so the review after a resubmission shows what the
        # manufacturer changed in answer.
        _move(application, actor, State.CHANGES_REQUESTED, Action.CHANGES_REQUESTED,
              comment=comment, data={"proposal": application.proposal})
    return application


def reject(application: Application, actor: User, reason: str) -> Application:
    """Closed without changing the register; the manufacturer is told why."""
    reason = required_text(reason, "reason", _("Give the reason for the rejection."))
    reason = check_text(reason, "reason", COMMENT_MAX)
    with transaction.atomic():
        application = _for_decision(application, actor, "reject")
        _move(application, actor, State.REJECTED, Action.REJECTED, comment=reason,
              decided=True)
    return application


def approve(application: Application, actor: User, *, comment: str = "",
            decision_number: str = "", decision_date: datetime.date | None = None,
            legal_basis: str = "") -> Application:
    """Include, amend or exclude the entry as the application asks, and close it.

    An inclusion gets the next registry number, today's registration date and the term;
    `decision_number` and `decision_date` (default: the application's number, today) become
    the basis of the entry. A withdrawal needs the `legal_basis` of the exclusion.
    """
    comment = check_text(comment, "comment", COMMENT_MAX)
    decision_number = check_text(decision_number, "decision_number", 60)
    legal_basis = check_text(legal_basis, "legal_basis", 300)
    with transaction.atomic():
        application = _for_decision(application, actor, "approve")
        if application.kind == ApplicationKind.WITHDRAW:
            legal_basis = required_text(legal_basis, "legal_basis", _(
                "Give the legal basis of the exclusion."))
        decision = {
            "decision_number": decision_number or application.reference,
            "decision_date": decision_date or timezone.localdate(),
        }
        product = _carry_out(application, actor, decision, comment, legal_basis)
        application.product = product
        _move(application, actor, State.APPROVED, Action.APPROVED, comment=comment,
              decided=True, data={"registry_number": product.registry_number})
    return application


def _carry_out(application, actor, decision, comment, legal_basis):
    if application.kind == ApplicationKind.INCLUDE:
        return entries.include(application, actor, decision=decision, comment=comment)
    if application.kind == ApplicationKind.AMEND:
        product = entries.amend(application, actor, comment=comment)
        # A new origin document ends a suspension for the lapse of the old one.
        term.reinstate_if_origin_renewed(product.pk, actor, application)
        return product
    if application.kind == ApplicationKind.RENEW:
        return term.renew(application, actor, comment=comment)
    return entries.exclude(
        application.product, actor, reason_code=ExclusionReason.WITHDRAWN,
        legal_basis=legal_basis, note=application.note, application=application,
    )


def _for_decision(application, actor, name):
    """The application locked, once the table allows `actor` to take step `name` on it."""
    application = lock(Application, application.pk, "manufacturer", "product")
    APPLICATION.require(name, application, actor)
    return application


# --- Shared -------------------------------------------------------------------------------------

def due_date(kind: str, submitted_on: datetime.date) -> datetime.date:
    """The end of the statutory review period of an application of `kind` submitted then."""
    return submitted_on + datetime.timedelta(days=settings.REVIEW_PERIOD_DAYS[kind])


def _move(application, actor, state, action, *, comment="", data=None, submitted=False,
          decided=False, notify=True):
    previous = application.state
    application.state = state
    now = timezone.now()
    if submitted:
        application.submitted_at = now
        application.due_on = due_date(application.kind, timezone.localdate())
    if decided:
        application.decided_at = now
    with acting_as(actor, action.value):
        application.save()
    log(action, actor=actor, manufacturer=application.manufacturer, application=application,
        product=application.product, from_state=previous, to_state=state, comment=comment,
        data=data, notify=notify)
