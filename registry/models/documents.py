"""Documents attached to an application: checked by content, hashed, kept out of public media."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from products import uploads
from products.models.documents import DocumentKind


def application_document_path(instance, filename):
    extension = (uploads.sniff(instance.file) or ("", "bin"))[1]
    return f"applications/{uploads.stored_name(extension)}"


class ApplicationDocument(models.Model):
    application = models.ForeignKey(
        "registry.Application", on_delete=models.PROTECT, related_name="documents",
        verbose_name=_("application"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"), upload_to=application_document_path, max_length=200,
        validators=[uploads.validate_document_file],
    )
    content_type = models.CharField(_("content type"), max_length=50, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    size = models.PositiveBigIntegerField(_("size, bytes"), editable=False)
    original_name = models.CharField(_("original file name"), max_length=255, editable=False,
                                     blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document of an application")
        verbose_name_plural = _("documents of applications")
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DocumentKind.values),
                name="application_document_kind_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file and not self.sha256:
            self.original_name = (getattr(self.file, "name", "") or "")[-255:]
            self.content_type = (uploads.sniff(self.file) or ("application/octet-stream",))[0]
            self.sha256 = uploads.sha256_of(self.file)
            self.size = self.file.size
        super().save(*args, **kwargs)
