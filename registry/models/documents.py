"""Documents attached to an application: checked by content, hashed, kept out of public media
(stored under applications/, served only to those who may see the application)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from products.models.documents import DocumentKind, StoredDocument


class ApplicationDocument(StoredDocument):
    upload_folder = "applications"

    application = models.ForeignKey(
        "registry.Application", on_delete=models.PROTECT, related_name="documents",
        verbose_name=_("application"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("uploaded by"),
    )

    history = HistoricalRecords()

    class Meta(StoredDocument.Meta):
        verbose_name = _("document of an application")
        verbose_name_plural = _("documents of applications")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DocumentKind.values),
                name="application_document_kind_valid",
            ),
        ]
