"""Runs of an import, and a report-only run as a proposal.

A run without --apply keeps the file it read (and a mapped format's mapping): the registrar
reviews its report in the desk and applies it there, as one decision over the whole file
instead of an overwrite nobody saw. Applying stages the kept file again against the register
as it is at that moment (what changed since the report is taken into account), applies it
through the workflow as the registrar's decisions, and records a new run that names the
proposal; a proposal is applied once. Large files are applied by the task worker.
"""

from __future__ import annotations

import gzip
import hashlib
import tempfile
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from ..models import ImportRun, User
from . import applying, formats, reading, staging

# A kept file above this size (uncompressed) is not kept: apply it with the command.
KEEP_MAX_BYTES = 200 * 1024 * 1024


class ProposalRefused(Exception):
    """Why a run cannot be applied (already applied, no file, not a registrar…)."""


def record(run: ImportRun, staged: staging.Staging) -> ImportRun:
    counts = staged.counts
    run.rows = staged.rows
    run.added, run.changed, run.unchanged = (counts[staging.ADDED], counts[staging.CHANGED],
                                             counts[staging.UNCHANGED])
    run.gone, run.errors = counts[staging.GONE], counts[staging.ERROR]
    run.already_registered = counts[staging.ALREADY]
    run.new_manufacturers = sum(1 for m in staged.new_makers.values() if m.rows)
    run.seconds = round(staged.seconds, 3)
    run.report_gz = staged.report.close()
    run.finished_at = timezone.now()
    run.save()
    return run


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def keep_file(run: ImportRun, path: Path, mapping: str | None) -> None:
    """Keep what a later application needs: the file, and the mapping of a mapped format."""
    if path.stat().st_size > KEEP_MAX_BYTES:
        return
    run.file_gz = gzip.compress(path.read_bytes(), compresslevel=6)
    run.mapping_toml = Path(mapping).read_text(encoding="utf-8") if mapping else ""


def check_can_apply(run: ImportRun, actor: User) -> None:
    if not (actor.is_active and actor.is_registrar):
        raise ProposalRefused(_("Only a registrar applies an import."))
    if run.mode != ImportRun.Mode.DRY_RUN:
        raise ProposalRefused(_("This run was applied when it ran."))
    if not run.file_gz:
        raise ProposalRefused(_("This run did not keep its file (it was too large); apply the "
                                "file with manage.py import_register --apply."))
    applied = run.applied_runs.first()
    if applied is not None:
        raise ProposalRefused(_("This proposal has been applied already (run %(id)d).") % {
            "id": applied.pk})


def request_application(run: ImportRun, actor: User) -> ImportRun | None:
    """Ask for the proposal to be applied: at once in development, by the task worker in
    production. The applied run when it is done already, else None."""
    check_can_apply(run, actor)
    ImportRun.objects.filter(pk=run.pk).update(apply_requested_at=timezone.now(),
                                               apply_requested_by=actor)
    apply_proposed_run.enqueue(run.pk, actor.pk)
    return run.applied_runs.first()


@task()
def apply_proposed_run(run_id: int, actor_id: int) -> int | None:
    """The id of the run that applied the proposal, or None when it could not be applied."""
    run = ImportRun.objects.filter(pk=run_id).first()
    actor = User.objects.filter(pk=actor_id).first()
    if run is None or actor is None:
        return None
    try:
        return apply_proposal(run, actor).pk
    except ProposalRefused:
        return None


def apply_proposal(run: ImportRun, actor: User) -> ImportRun:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / (Path(run.file_name).name or "register")
        path.write_bytes(gzip.decompress(bytes(run.file_gz)))
        mapping = None
        if run.mapping_toml:
            mapping = Path(folder) / "mapping.toml"
            mapping.write_text(run.mapping_toml, encoding="utf-8")
        with transaction.atomic():
            # One application per proposal, even when two registrars click at once.
            run = ImportRun.objects.select_for_update().get(pk=run.pk)
            check_can_apply(run, actor)
            try:
                fmt = formats.load(run.format, mapping)
                opened = reading.open_register(path, fmt.delimiter, fmt.header_names())
                staged = staging.stage(opened, fmt, actor)
            except (formats.FormatError, reading.FileProblem) as error:
                raise ProposalRefused(str(error)) from None
            applied = ImportRun(actor=actor, format=run.format, source_register=fmt.name,
                                file_name=run.file_name, file_sha256=run.file_sha256,
                                mode=ImportRun.Mode.APPLIED, proposal=run)
            try:
                applying.apply(staged, actor)
                return record(applied, staged)
            finally:
                staged.close()
