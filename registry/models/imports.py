"""The record of each run of `manage.py import_register`: which file of which national register
was read, by whom, whether it was applied or only reported, the counts, and the per-row report
(downloadable as CSV from the desk)."""

import gzip

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    class Mode(models.TextChoices):
        DRY_RUN = "dry_run", _("report only")
        APPLIED = "applied", _("applied")

    started_at = models.DateTimeField(_("started at"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("registrar"),
    )
    format = models.CharField(_("format"), max_length=40)
    source_register = models.CharField(_("source register"), max_length=40)
    file_name = models.CharField(_("file"), max_length=300)
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices,
                            default=Mode.DRY_RUN)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    added = models.PositiveIntegerField(_("added"), default=0)
    changed = models.PositiveIntegerField(_("changed"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    gone = models.PositiveIntegerField(_("gone"), default=0)
    # Rows whose product the register has already as another entry (left as they are).
    already_registered = models.PositiveIntegerField(_("registered already"), default=0)
    errors = models.PositiveIntegerField(_("rows with errors"), default=0)
    new_manufacturers = models.PositiveIntegerField(_("new manufacturers"), default=0)
    seconds = models.FloatField(_("seconds"), default=0)
    # The per-row report as CSV, gzip-compressed: a large file's report stays small here.
    report_gz = models.BinaryField(_("report"), default=b"", editable=False)
    # A report-only run keeps the file it read (gzip-compressed) and, for a mapped format, its
    # mapping: the run is then a proposal a registrar can apply from the desk.
    file_gz = models.BinaryField(_("file"), default=b"", editable=False)
    mapping_toml = models.TextField(_("mapping"), blank=True, editable=False)
    # The report-only run this run applied (from the desk), and who asked for it when.
    proposal = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="applied_runs",
        verbose_name=_("applies the proposal of run"),
    )
    apply_requested_at = models.DateTimeField(_("applying asked at"), null=True, blank=True)
    apply_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("applying asked by"),
    )

    class Meta:
        verbose_name = _("import of a national register")
        verbose_name_plural = _("imports of national registers")
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.source_register} · {self.file_name} · {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def report_csv(self) -> bytes:
        return gzip.decompress(bytes(self.report_gz)) if self.report_gz else b""

    @property
    def is_proposal(self) -> bool:
        """A report-only run whose file is kept: its changes can still be applied."""
        return self.mode == self.Mode.DRY_RUN and bool(self.file_gz)
