"""A manufacturer's catalogue uploaded as one batch.

A batch is staged first: each row of the file is kept with the verdict of the register's own
validation (a new entry, an amendment with the fields it changes, unchanged, or errors by
column). The representative drops rows or uploads a corrected file; nothing reaches the
workflow until the batch is submitted. Submission turns every remaining row into one ordinary
application (inclusion or amendment), so the review, the decision log, numbering and the change
feed stay one path; the batch only groups them so the registrar decides on them together.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from products.models.documents import DocumentKind, StoredDocument


class BatchState(models.TextChoices):
    CHECKING = "checking", _("being checked")
    STAGED = "staged", _("staged")
    SUBMITTED = "submitted", _("submitted")
    CLOSED = "closed", _("decided")


class RowOutcome(models.TextChoices):
    PENDING = "pending", _("not checked yet")
    NEW = "new", _("new entry")
    AMEND = "amend", _("amendment")
    UNCHANGED = "unchanged", _("unchanged")
    ERROR = "error", _("error")


class BatchQuerySet(models.QuerySet):
    def restrict(self, user, action="view"):
        """Representatives see their manufacturers' batches; registrars submitted ones."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        own = Q(manufacturer__memberships__user=user)
        if action == "edit":
            return self.filter(own, manufacturer__memberships__role="editor").distinct()
        if user.is_registrar:
            return self.filter(own | Q(submitted_at__isnull=False)).distinct()
        return self.filter(own).distinct()


class Batch(models.Model):
    manufacturer = models.ForeignKey(
        "manufacturers.Manufacturer", on_delete=models.PROTECT, related_name="batches",
        verbose_name=_("manufacturer"),
    )
    state = models.CharField(_("state"), max_length=12, choices=BatchState.choices,
                             default=BatchState.CHECKING)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    checked_count = models.PositiveIntegerField(_("rows checked"), default=0)
    # Each upload of a file into the batch counts one up; a check of an older upload stops.
    revision = models.PositiveIntegerField(default=0, editable=False)
    note = models.TextField(_("covering note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = BatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("catalogue batch")
        verbose_name_plural = _("catalogue batches")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=BatchState.values),
                                   name="batch_state_valid"),
        ]

    def __str__(self):
        return _("Batch No. %(number)s") % {"number": self.reference}

    @property
    def reference(self):
        return f"B{self.pk:06d}" if self.pk else "—"


class StagedRow(models.Model):
    """One row of the file as read, with its verdict; after submission, its application."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="rows",
                              verbose_name=_("batch"))
    line = models.PositiveIntegerField(_("line"))
    cells = models.JSONField(_("cells"), default=dict)
    outcome = models.CharField(_("result"), max_length=10, choices=RowOutcome.choices)
    proposal = models.JSONField(_("proposed data"), null=True, blank=True)
    product = models.ForeignKey(
        "products.Product", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("register entry"),
    )
    changed = models.JSONField(_("changed fields"), default=list, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    dropped = models.BooleanField(_("dropped"), default=False)
    application = models.OneToOneField(
        "registry.Application", on_delete=models.PROTECT, null=True, blank=True,
        related_name="batch_row", verbose_name=_("application"),
    )

    class Meta:
        verbose_name = _("batch row")
        verbose_name_plural = _("batch rows")
        ordering = ["batch", "line"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "line"], name="batch_row_line_unique"),
            models.CheckConstraint(condition=Q(outcome__in=RowOutcome.values),
                                   name="batch_row_outcome_valid"),
        ]

    def __str__(self):
        return f"{self.batch.reference}:{self.line}"

    @property
    def part_number(self):
        return (self.proposal or {}).get("part_number") or self.cells.get("part_number", "")


class BatchDocument(StoredDocument):
    """A document that supports many rows of a batch (a catalogue, a certificate of origin):
    stored once; at submission every row's application names the same file."""

    upload_folder = "batches"

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="documents",
                              verbose_name=_("batch"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta(StoredDocument.Meta):
        verbose_name = _("document of a batch")
        verbose_name_plural = _("documents of batches")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=DocumentKind.values),
                                   name="batch_document_kind_valid"),
        ]
