"""The decision log: every transition of an application, an entry or a manufacturer's
admission, with who, when, from which state to which, and the comment given."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import authorities
from .chain import HashChainedModel


class Action(models.TextChoices):
    CREATED = "application.created", _("application created")
    SUBMITTED = "application.submitted", _("application submitted")
    RESUBMITTED = "application.resubmitted", _("application resubmitted")
    WITHDRAWN = "application.withdrawn", _("application withdrawn")
    TAKEN = "application.taken", _("taken for review")
    CHANGES_REQUESTED = "application.changes_requested", _("changes requested")
    APPROVED = "application.approved", _("application approved")
    REJECTED = "application.rejected", _("application rejected")
    ENTRY_REGISTERED = "entry.registered", _("entry registered directly")
    ENTRY_CORRECTED = "entry.corrected", _("entry corrected")
    ENTRY_SUSPENDED = "entry.suspended", _("entry suspended")
    ENTRY_REINSTATED = "entry.reinstated", _("entry reinstated")
    ENTRY_EXCLUDED = "entry.excluded", _("entry excluded")
    ENTRY_EXPIRED = "entry.expired", _("term of registration ended")
    ADMISSION_REQUESTED = "manufacturer.applied", _("admission requested")
    ADMITTED = "manufacturer.admitted", _("manufacturer admitted")
    REFUSED = "manufacturer.refused", _("admission refused")
    MANUFACTURER_CORRECTED = "manufacturer.corrected", _("manufacturer data corrected")
    COMMENTED = "comment", _("registrar's comment")


# What the manufacturer's people do; every other action is taken by a registrar on behalf of
# their state's ministry, which the log names (Decision.authority).
MANUFACTURER_ACTIONS = {
    Action.CREATED, Action.SUBMITTED, Action.RESUBMITTED, Action.WITHDRAWN,
    Action.ADMISSION_REQUESTED,
}


# Decisions the manufacturer's representatives are told about by e-mail.
NOTIFIED_ACTIONS = {
    Action.TAKEN, Action.CHANGES_REQUESTED, Action.APPROVED, Action.REJECTED,
    Action.ENTRY_REGISTERED, Action.ENTRY_CORRECTED, Action.ENTRY_SUSPENDED,
    Action.ENTRY_REINSTATED, Action.ENTRY_EXCLUDED, Action.ENTRY_EXPIRED, Action.ADMITTED,
    Action.REFUSED,
}
# Decisions of a registrar whose comment the manufacturer sees as "the registrar's comment".
REGISTRAR_ACTIONS = {Action.TAKEN, Action.CHANGES_REQUESTED, Action.APPROVED, Action.REJECTED}


class Decision(HashChainedModel):
    chained_fields = ("occurred_at", "actor_id", "action", "manufacturer_id", "application_id",
                      "product_id", "from_state", "to_state", "comment", "data")
    chain_lock = 0x5552_0002  # "UR" + 2 among the database's advisory locks

    occurred_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=40, choices=Action.choices, db_index=True)
    manufacturer = models.ForeignKey(
        "manufacturers.Manufacturer", on_delete=models.PROTECT, related_name="decisions",
        verbose_name=_("manufacturer"),
    )
    application = models.ForeignKey(
        "registry.Application", on_delete=models.PROTECT, null=True, blank=True,
        related_name="decisions", verbose_name=_("application"),
    )
    product = models.ForeignKey(
        "products.Product", on_delete=models.PROTECT, null=True, blank=True,
        related_name="decisions", verbose_name=_("register entry"),
    )
    from_state = models.CharField(_("from"), max_length=20, blank=True)
    to_state = models.CharField(_("to"), max_length=20, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    authority = models.CharField(
        _("deciding authority"), max_length=2, blank=True,
        help_text=_("The state whose ministry took the decision (BY, RU)."))

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decision log")
        ordering = ["-occurred_at", "-pk"]

    @property
    def authority_name(self):
        return authorities.name(self.authority)

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.get_action_display()}"
