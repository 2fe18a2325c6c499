"""Documents of a register entry: datasheet, certificate of origin, test report."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import uploads


class DocumentKind(models.TextChoices):
    DATASHEET = "datasheet", _("datasheet")
    ORIGIN_CERTIFICATE = "origin_certificate", _("certificate of origin")
    TEST_REPORT = "test_report", _("test report")


def document_path(instance, filename):
    extension = (uploads.sniff(instance.file) or ("", "bin"))[1]
    return f"documents/{uploads.stored_name(extension)}"


class Document(models.Model):
    product = models.ForeignKey(
        "products.Product", on_delete=models.CASCADE, related_name="documents",
        verbose_name=_("register entry"),
    )
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

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DocumentKind.values), name="document_kind_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file and not self.sha256:
            self.original_name = (self.file.name or "")[-255:]
            self.content_type = (uploads.sniff(self.file) or ("application/octet-stream",))[0]
            self.sha256 = uploads.sha256_of(self.file)
            self.size = self.file.size
        super().save(*args, **kwargs)
