"""Stored representations: each public entry's full API document, rendered when it changes.

One row per entry and language holds exactly the body `GET /api/v1/products/<number>/`
answers for the public (links on the register's public address), so that reads need not
assemble it from a dozen rows. registry.api.stored renders and reads them; a missing or
outdated row is never served (the reader falls back to the serializer).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EntryDocument(models.Model):
    product = models.ForeignKey(
        "products.Product", on_delete=models.CASCADE, related_name="stored_documents",
        verbose_name=_("register entry"),
    )
    language = models.CharField(_("language"), max_length=8)
    # The JSON text, as the API's renderer writes it.
    body = models.TextField(_("body"))
    etag = models.CharField(_("entity tag"), max_length=64)
    # The status the body states: it is served only while it is still the status today
    # (an entry past its term is expired before the daily round records it).
    status = models.CharField(_("status"), max_length=12)
    # The entry's and its manufacturer's `updated_at` it was rendered from: when either has
    # moved since, the document is outdated.
    entry_updated_at = models.DateTimeField(_("entry updated at"))
    manufacturer_updated_at = models.DateTimeField(_("manufacturer updated at"))
    # Which code rendered it (registry.api.stored.REPRESENTATION): a deploy that changes the
    # representation outdates every document until they are rendered again.
    representation = models.CharField(_("representation"), max_length=16)
    rendered_at = models.DateTimeField(_("rendered at"), default=timezone.now)

    class Meta:
        verbose_name = _("stored entry document")
        verbose_name_plural = _("stored entry documents")
        constraints = [
            models.UniqueConstraint(fields=["product", "language"],
                                    name="entrydocument_product_language"),
        ]

    def __str__(self):
        return f"{self.product_id} [{self.language}]"
