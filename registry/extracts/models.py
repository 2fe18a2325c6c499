"""Every extract the register issued, kept exactly as signed and never changed."""

import json

from django.db import models
from django.utils.translation import gettext_lazy as _

from products.models import Product
from registry.models.appendonly import AppendOnlyModel

from .identifiers import LENGTH as EXTRACT_ID_LENGTH


class ExtractLanguage(models.TextChoices):
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")


class Extract(AppendOnlyModel):
    """An issued extract is a record of what the register said; it is never rewritten
    (refused by the model, its queryset and, on PostgreSQL, a trigger: migration 0002)."""

    code = models.CharField(_("extract id"), max_length=EXTRACT_ID_LENGTH, unique=True,
                            editable=False)
    # PROTECT: an entry that has extracts can never be deleted (the register deletes nothing).
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="extracts", editable=False,
        verbose_name=_("register entry"),
    )
    issued_at = models.DateTimeField(_("issued at"), editable=False, db_index=True)
    language = models.CharField(_("language"), max_length=2, choices=ExtractLanguage.choices,
                                default=ExtractLanguage.RUSSIAN, editable=False)
    # Text, not JSON: the exact canonical bytes that were signed (a JSON column reorders keys).
    content = models.TextField(_("signed content"), editable=False)
    signature = models.CharField(_("signature (base64)"), max_length=100, editable=False)
    key_id = models.CharField(_("key id"), max_length=32, editable=False)

    class Meta:
        verbose_name = _("register extract")
        verbose_name_plural = _("register extracts")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(language__in=ExtractLanguage.values),
                name="extract_language_valid",
            ),
        ]

    def __str__(self):
        return self.code

    @property
    def content_bytes(self):
        return self.content.encode("utf-8")

    @property
    def data(self):
        return json.loads(self.content)
