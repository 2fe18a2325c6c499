"""The change feed of public data: one event per change to an entry, a manufacturer or a
category of the catalogue.

The id is the feed's cursor (`/api/v1/changes/?after=<id>`); registry.feed.recording writes
events so that they become visible in id order. For one entry, the events are its public history.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .chain import HashChainedModel


class ChangeKind(models.TextChoices):
    INCLUDED = "entry.included", _("included in the register")
    AMENDED = "entry.amended", _("amended")
    SUSPENDED = "entry.suspended", _("suspended")
    REINSTATED = "entry.reinstated", _("reinstated")
    EXCLUDED = "entry.excluded", _("excluded from the register")
    CORRECTED = "entry.corrected", _("corrected by the registrar")
    EXPIRED = "entry.expired", _("term of registration ended")
    RENEWED = "entry.renewed", _("registration renewed")
    MANUFACTURER_ADMITTED = "manufacturer.admitted", _("manufacturer admitted")
    MANUFACTURER_CHANGED = "manufacturer.changed", _("manufacturer data changed")
    CATEGORY_CHANGED = "category.changed", _("category of the catalogue changed")


ENTRY_KINDS = [kind for kind in ChangeKind.values if kind.startswith("entry.")]
ENTRY_KIND_CHOICES = [(kind, label) for kind, label in ChangeKind.choices if kind in ENTRY_KINDS]
MANUFACTURER_KINDS = [kind for kind in ChangeKind.values if kind.startswith("manufacturer.")]

# What an event is about, as the feed names it.
ENTRY, MANUFACTURER, CATEGORY = "entry", "manufacturer", "category"


def subject_of(kind):
    if kind in ENTRY_KINDS:
        return ENTRY
    return MANUFACTURER if kind in MANUFACTURER_KINDS else CATEGORY


class ChangeEvent(HashChainedModel):
    chained_fields = ("occurred_at", "kind", "product_id", "manufacturer_id", "category_id",
                      "registry_number", "application_id", "actor_id", "comment", "changes")
    # The feed's lock, taken before the event's id is drawn: events commit in id order, and
    # the chain follows it ("UR" + 1 among the database's advisory locks).
    chain_lock = 0x5552_0001

    id = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    kind = models.CharField(_("kind"), max_length=30, choices=ChangeKind.choices, db_index=True)
    product = models.ForeignKey(
        "products.Product", on_delete=models.PROTECT, null=True, blank=True,
        related_name="change_events", verbose_name=_("register entry"),
    )
    manufacturer = models.ForeignKey(
        "manufacturers.Manufacturer", on_delete=models.PROTECT, null=True, blank=True,
        related_name="change_events", verbose_name=_("manufacturer"),
    )
    # A category's name, parameters or place in the tree changed: every entry of its subtree
    # is shown differently (a category that was ever published is therefore never deleted).
    category = models.ForeignKey(
        "products.Category", on_delete=models.PROTECT, null=True, blank=True,
        related_name="change_events", verbose_name=_("category"),
    )
    registry_number = models.CharField(_("registry number"), max_length=24, blank=True,
                                       db_index=True)
    application = models.ForeignKey(
        "registry.Application", on_delete=models.PROTECT, null=True, blank=True,
        related_name="change_events", verbose_name=_("application"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("who"),
    )
    comment = models.TextField(_("comment or reason"), blank=True)
    # {"field": {"before": …, "after": …}} over the public fields (lists compared whole).
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("change of public data")
        verbose_name_plural = _("changes of public data")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["product", "id"], name="changeevent_product_idx"),
            models.Index(fields=["manufacturer", "id"], name="changeevent_maker_idx"),
        ]

    def __str__(self):
        subject = (self.registry_number or (self.manufacturer and str(self.manufacturer))
                   or (self.category and str(self.category)) or "")
        return f"#{self.pk} {self.get_kind_display()} {subject}".strip()
