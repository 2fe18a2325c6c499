"""Stored documents: the shape every uploaded document shares, and the documents of a register
entry (datasheet, certificate of origin, test report).

A document is checked by its content on upload and keeps what it was when it arrived: its
content type as sniffed, its SHA-256 and size, and the name it was sent under. The register
entry's documents and an application's (registry.models.documents) are both StoredDocument.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import uploads


class DocumentKind(models.TextChoices):
    DATASHEET = "datasheet", _("datasheet")
    ORIGIN_CERTIFICATE = "origin_certificate", _("certificate of origin")
    TEST_REPORT = "test_report", _("test report")


def document_path(instance, filename):
    """A fresh name under the model's own folder: the sent name is kept in original_name,
    never used as a path."""
    extension = (uploads.sniff(instance.file) or ("", "bin"))[1]
    return f"{instance.upload_folder}/{uploads.stored_name(extension)}"


class StoredDocument(models.Model):
    """A file with its kind and title, fingerprinted once when first saved."""

    upload_folder = "documents"

    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"), upload_to=document_path, max_length=200,
        validators=[uploads.validate_document_file],
    )
    content_type = models.CharField(_("content type"), max_length=50, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False, db_index=True)
    size = models.PositiveBigIntegerField(_("size, bytes"), editable=False)
    original_name = models.CharField(_("original file name"), max_length=255, editable=False,
                                     blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["kind", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file and not self.sha256:
            self.original_name = (getattr(self.file, "name", "") or "")[-255:]
            self.content_type = (uploads.sniff(self.file) or ("application/octet-stream",))[0]
            self.sha256 = uploads.sha256_of(self.file)
            self.size = self.file.size
        super().save(*args, **kwargs)


class Document(StoredDocument):
    product = models.ForeignKey(
        "products.Product", on_delete=models.CASCADE, related_name="documents",
        verbose_name=_("register entry"),
    )

    history = HistoricalRecords()

    class Meta(StoredDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DocumentKind.values), name="document_kind_valid",
            ),
        ]
