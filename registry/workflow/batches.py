"""A manufacturer's catalogue as one batch: staged, submitted as one application per row, and
decided on together.

    stage (and stage again with a corrected file) ─ drop_rows ─ submit_batch
        → one inclusion or amendment per row, each submitted through applications.submit
    approve_rows / request_changes_on_rows / reject_batch
        → applications.take_for_review and applications.approve / request_changes / reject
          for each row, in row order, in one transaction

Each row stays an ordinary application, so the decision log, the change feed (one event per
entry) and the numbering are those of single applications; the batch functions only lock
the batch, check the actor once, call the single-application functions row by row inside one
transaction (all rows or none), and send one e-mail for the batch instead of one per row.
Registry numbers are taken in row order while the counter stays locked to the end of the
transaction, so a concurrent single approval waits and the numbers stay gapless.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from simple_history.utils import bulk_create_with_history

from manufacturers.models import Manufacturer

from ..audit import acting_as
from ..batches.staging import check_rows
from ..models import (
    Application,
    ApplicationDocument,
    ApplicationKind,
    ApplicationState,
    Batch,
    BatchDocument,
    BatchState,
    RowOutcome,
    StagedRow,
    User,
)
from ..models.applications import AWAITING_REGISTRAR, OPEN_STATES
from ..notifications import muted, queue_batch_decision, queue_batch_submission
from ..numbering import hold_counter
from . import applications, rights
from .common import check_text, lock, required_text
from .errors import TransitionError

SUBMITTED_OUTCOMES = (RowOutcome.NEW, RowOutcome.AMEND)


# --- The manufacturer's side --------------------------------------------------------------------

def check_and_stage(actor: User, manufacturer: Manufacturer, headers: Mapping[str, str],
                    rows: Iterable[tuple[int, dict[str, str]]], *, file_name: str = "",
                    batch: Batch | None = None) -> Batch:
    """Keep the rows of a file as a batch being checked (a new batch, or `batch` with its
    rows replaced by those of a corrected file), and queue their check (`check_batch`: at
    once in development, by the task worker in production). Nothing reaches the register."""
    rights.require_editor(actor, manufacturer)
    rights.require_admitted(manufacturer)
    rows = list(rows)
    with transaction.atomic():
        if batch is None:
            batch = Batch(manufacturer=manufacturer, created_by=actor)
        else:
            batch = _staged(batch, actor, also=(BatchState.CHECKING,))
            batch.rows.all().delete()
        batch.file_name = file_name[:200]
        batch.headers = dict(headers)
        batch.state = BatchState.CHECKING
        batch.row_count, batch.checked_count = len(rows), 0
        batch.revision += 1
        batch.save()
        StagedRow.objects.bulk_create([
            StagedRow(batch=batch, line=line, cells=cells, outcome=RowOutcome.PENDING)
            for line, cells in rows
        ], batch_size=1000)
        # Queued inside the transaction: the database worker sees the task once the rows are
        # there; the immediate backend of development checks them here and now.
        check_batch.enqueue(batch.pk, batch.revision)
    batch.refresh_from_db()
    return batch


CHECK_CHUNK = 250


@task()
def check_batch(batch_id: int, revision: int) -> int:
    """Check a batch's rows in parts (the page shows how far it got); a later upload into
    the batch stops the check of an earlier one. The number of rows checked."""
    batch = Batch.objects.select_related("manufacturer").filter(pk=batch_id).first()
    if batch is None or batch.revision != revision or batch.state != BatchState.CHECKING:
        return 0
    seen: dict[str, int] = {}
    done = 0
    lines = list(batch.rows.order_by("line").values_list("line", flat=True))
    for start in range(0, len(lines), CHECK_CHUNK):
        with transaction.atomic():
            if not Batch.objects.filter(pk=batch_id, revision=revision).exists():
                return done
            chunk = list(batch.rows.filter(line__in=lines[start:start + CHECK_CHUNK])
                         .order_by("line"))
            results = check_rows([(row.line, row.cells) for row in chunk], batch.manufacturer,
                                 batch.headers, seen)
            _keep_verdicts(chunk, results)
            done += len(chunk)
            Batch.objects.filter(pk=batch_id, revision=revision).update(checked_count=done)
    Batch.objects.filter(pk=batch_id, revision=revision, state=BatchState.CHECKING).update(
        state=BatchState.STAGED, updated_at=timezone.now())
    return done


def _keep_verdicts(rows, results):
    for row, result in zip(rows, results, strict=True):
        row.outcome, row.proposal, row.changed, row.errors, row.product = (
            result.outcome, result.proposal, result.changed, result.errors, result.product)
    StagedRow.objects.bulk_update(rows, ["outcome", "proposal", "changed", "errors",
                                         "product"], batch_size=500)


def drop_rows(batch: Batch, actor: User, lines: Iterable[int], dropped: bool = True) -> Batch:
    """Leave rows out of the batch (or take them back) before it is submitted."""
    with transaction.atomic():
        batch = _staged(batch, actor)
        batch.rows.filter(line__in=list(lines)).update(dropped=dropped)
        batch.save(update_fields=["updated_at"])
    return batch


def drop_errors(batch: Batch, actor: User) -> Batch:
    with transaction.atomic():
        batch = _staged(batch, actor)
        batch.rows.filter(outcome=RowOutcome.ERROR).update(dropped=True)
        batch.save(update_fields=["updated_at"])
    return batch


def submit_batch(batch: Batch, actor: User, note: str = "") -> Batch:
    """Every kept row with something to decide becomes a submitted application. The rows are
    checked again first (the register may have changed since the upload): rows that fail now
    keep their new verdict and the submission is refused, naming them. All rows or none."""
    note = check_text(note, "note", applications.COMMENT_MAX)
    with transaction.atomic():
        batch = _staged(batch, actor)
        kept = list(batch.rows.filter(dropped=False).order_by("line"))
        _refuse_errors([r for r in kept if r.outcome == RowOutcome.ERROR])
        _keep_verdicts(kept, check_rows([(row.line, row.cells) for row in kept],
                                        batch.manufacturer, batch.headers))
    _refuse_errors([r for r in kept if r.outcome == RowOutcome.ERROR])
    with transaction.atomic():
        batch = _staged(batch, actor)
        rows = list(batch.rows.filter(dropped=False, outcome__in=SUBMITTED_OUTCOMES)
                    .select_related("product").order_by("line"))
        if not rows:
            raise TransitionError(_("The batch has no row that adds or changes an entry; "
                                    "nothing to submit."))
        with muted():
            for row in rows:
                row.application = _submit_row(batch, row, actor, note)
        StagedRow.objects.bulk_update(rows, ["application"], batch_size=500)
        _share_documents(batch, [row.application for row in rows], actor)
        batch.state = BatchState.SUBMITTED
        batch.submitted_at = timezone.now()
        batch.note = note
        batch.save()
        queue_batch_submission(batch)
    return batch


def add_batch_document(batch: Batch, actor: User, *, kind: str, file: File,
                       title: str = "") -> BatchDocument:
    """A document for every row of the batch (checked by content and hashed like any other),
    while the batch is being prepared."""
    with transaction.atomic():
        batch = _staged(batch, actor, also=(BatchState.CHECKING,))
        title = (title or "").strip() or (getattr(file, "name", "") or "")[:200]
        document = BatchDocument(batch=batch, kind=kind, title=title, file=file,
                                 uploaded_by=actor)
        document.full_clean()
        document.save()
    return document


def remove_batch_document(batch: Batch, actor: User, document_id: int) -> Batch:
    with transaction.atomic():
        batch = _staged(batch, actor, also=(BatchState.CHECKING,))
        document = BatchDocument.objects.filter(pk=document_id, batch=batch).first()
        if document is None:
            raise TransitionError(_("This batch has no such document."))
        storage, name = document.file.storage, document.file.name or ""
        document.delete()
        transaction.on_commit(lambda: storage.delete(name))
    return batch


def _share_documents(batch, applications_, actor):
    """Every application of the batch names the batch's documents: one stored file each, not
    a copy per row."""
    documents = list(batch.documents.all())
    if not documents:
        return
    shared = [ApplicationDocument(
        application=application, kind=d.kind, title=d.title, file=d.file.name,
        content_type=d.content_type, sha256=d.sha256, size=d.size,
        original_name=d.original_name, uploaded_by=actor)
        for application in applications_ for d in documents]
    with acting_as(actor, "batch document"):
        bulk_create_with_history(shared, ApplicationDocument, batch_size=500,
                                 default_user=actor, default_change_reason="batch document")


def _submit_row(batch, row, actor, note):
    kind = ApplicationKind.INCLUDE if row.outcome == RowOutcome.NEW else ApplicationKind.AMEND
    try:
        application = applications.create_application(
            actor, batch.manufacturer, kind, product=row.product, data=row.proposal, note=note)
        return applications.submit(application, actor)
    except ValidationError as error:
        messages = "; ".join(error.messages)
        raise TransitionError(_("Row %(line)d: %(message)s") % {
            "line": row.line, "message": messages}) from error
    except TransitionError as error:
        raise TransitionError(_("Row %(line)d: %(message)s") % {
            "line": row.line, "message": error.message}) from error


def _refuse_errors(rows):
    if rows:
        raise TransitionError(_(
            "Rows %(lines)s have errors; drop them or upload a corrected file.") % {
                "lines": ", ".join(str(r.line) for r in rows[:20])
                + ("…" if len(rows) > 20 else "")})


def _staged(batch, actor, also=()):
    batch = lock(Batch, batch.pk, "manufacturer")
    rights.require_editor(actor, batch.manufacturer)
    if batch.state == BatchState.CHECKING and batch.state not in also:
        raise TransitionError(_("The rows of batch No. %(number)s are still being checked "
                                "(%(done)d of %(total)d); wait until the check ends.") % {
            "number": batch.reference, "done": batch.checked_count, "total": batch.row_count})
    if batch.state not in (BatchState.STAGED, *also):
        raise TransitionError(_("Batch No. %(number)s has been submitted; its rows can no "
                                "longer be changed.") % {"number": batch.reference})
    return batch


# --- The registrar's side -----------------------------------------------------------------------

def approve_rows(batch: Batch, actor: User, lines: Iterable[int] | None = None, *,
                 comment: str = "") -> Batch:
    """Approve the rows awaiting a decision (all, or those on `lines`), in row order."""
    comment = check_text(comment, "comment", applications.COMMENT_MAX)
    with transaction.atomic():
        batch, rows = _for_decision(batch, actor, lines)
        if any(row.application.kind == ApplicationKind.INCLUDE for row in rows):
            hold_counter(timezone.localdate().year)
        with muted():
            for row in rows:
                application = _taken(row.application, actor)
                applications.approve(application, actor, comment=comment)
        _close_if_decided(batch)
        queue_batch_decision(batch, actor.pk)
    return batch


def request_changes_on_rows(batch: Batch, actor: User, comments: Mapping[int, str]) -> Batch:
    """Send the rows on the lines of `comments` back to the manufacturer, each with its
    comment (each is required)."""
    missing = [line for line, text in comments.items() if not (text or "").strip()]
    if missing:
        raise ValidationError({"comment": _(
            "Say what the manufacturer should change on rows %(lines)s.") % {
                "lines": ", ".join(str(line) for line in sorted(missing))}})
    if not comments:
        raise ValidationError({"comment": _("Choose the rows to send back.")})
    with transaction.atomic():
        batch, rows = _for_decision(batch, actor, comments.keys())
        with muted():
            for row in rows:
                application = _taken(row.application, actor)
                applications.request_changes(application, actor, comments[row.line])
        queue_batch_decision(batch, actor.pk)
    return batch


def reject_batch(batch: Batch, actor: User, reason: str) -> Batch:
    """Reject every row still awaiting a decision, with one reason."""
    reason = required_text(reason, "reason", _("Give the reason for the rejection."))
    reason = check_text(reason, "reason", applications.COMMENT_MAX)
    with transaction.atomic():
        batch, rows = _for_decision(batch, actor, None)
        with muted():
            for row in rows:
                application = _taken(row.application, actor)
                applications.reject(application, actor, reason)
        _close_if_decided(batch)
        queue_batch_decision(batch, actor.pk)
    return batch


def _for_decision(batch, actor, lines):
    """The batch locked, the actor allowed to decide on its manufacturer's matters, and the
    rows to decide (awaiting a registrar), in row order."""
    batch = lock(Batch, batch.pk, "manufacturer")
    rights.require_registrar(actor, batch.manufacturer)
    if batch.state != BatchState.SUBMITTED:
        raise TransitionError(_("Batch No. %(number)s is %(state)s; there is nothing in it "
                                "to decide.") % {"number": batch.reference,
                                                 "state": batch.get_state_display()})
    rows = batch.rows.filter(application__isnull=False).select_related("application") \
        .order_by("line")
    if lines is not None:
        lines = set(lines)
        rows = rows.filter(line__in=lines)
    rows = list(rows)
    if lines is not None:
        unknown = sorted(lines - {row.line for row in rows})
        if unknown:
            raise TransitionError(_("Batch No. %(number)s has no application on rows "
                                    "%(lines)s.") % {"number": batch.reference,
                                                     "lines": ", ".join(map(str, unknown))})
        waiting = [r for r in rows if r.application.state not in AWAITING_REGISTRAR]
        if waiting:
            raise TransitionError(_("Rows %(lines)s are not awaiting a decision.") % {
                "lines": ", ".join(str(r.line) for r in waiting)})
    rows = [r for r in rows if r.application.state in AWAITING_REGISTRAR]
    if not rows:
        raise TransitionError(_("No row of batch No. %(number)s awaits a decision.")
                              % {"number": batch.reference})
    return batch, rows


def _taken(application: Application, actor: User) -> Application:
    """The application, taken for review by `actor` unless they already review it."""
    if application.state == ApplicationState.UNDER_REVIEW \
            and application.assigned_to_id == actor.pk:
        return application
    if application.state == ApplicationState.UNDER_REVIEW and actor.is_superuser:
        return application
    return applications.take_for_review(application, actor)


def _close_if_decided(batch):
    still_open = batch.rows.filter(application__state__in=OPEN_STATES).exists()
    if not still_open:
        batch.state = BatchState.CLOSED
        batch.decided_at = timezone.now()
        batch.save(update_fields=["state", "decided_at", "updated_at"])


def summary(batch: Batch) -> dict[str, Any]:
    """Counts of the batch's rows by outcome and by the state of their applications (two
    queries whatever the size)."""
    by_outcome = dict(batch.rows.filter(dropped=False).values_list("outcome")
                      .annotate(n=Count("pk")).values_list("outcome", "n"))
    by_state = dict(batch.rows.filter(application__isnull=False)
                    .values_list("application__state").annotate(n=Count("pk"))
                    .values_list("application__state", "n"))
    return {"outcomes": by_outcome, "states": by_state,
            "dropped": batch.rows.filter(dropped=True).count()}


__all__ = ["approve_rows", "check_and_stage", "check_batch", "drop_errors", "drop_rows",
           "reject_batch", "request_changes_on_rows", "submit_batch", "summary"]
