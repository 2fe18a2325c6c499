"""A manufacturer's application: include a product, amend an entry or withdraw it.

The proposed data is a JSON snapshot (see registry.proposals), validated by the same model rules
as the entry it becomes. Its state changes only through registry.workflow.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ApplicationKind(models.TextChoices):
    INCLUDE = "include", _("inclusion of a new product")
    AMEND = "amend", _("amendment of an entry")
    WITHDRAW = "withdraw", _("withdrawal of an entry")
    RENEW = "renew", _("renewal of an entry")


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    UNDER_REVIEW = "under_review", _("under review")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


# Applications still in progress; an entry may have at most one of them.
OPEN_STATES = (
    ApplicationState.DRAFT, ApplicationState.SUBMITTED, ApplicationState.UNDER_REVIEW,
    ApplicationState.CHANGES_REQUESTED,
)
AWAITING_REGISTRAR = (ApplicationState.SUBMITTED, ApplicationState.UNDER_REVIEW)
# The manufacturer may change the proposed data only while the application is with them.
EDITABLE_STATES = (ApplicationState.DRAFT, ApplicationState.CHANGES_REQUESTED)


class ApplicationQuerySet(models.QuerySet):
    def represented_by(self, user):
        """Applications of the manufacturers `user` represents (any role)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(manufacturer__memberships__user=user)

    def restrict(self, user, action="view"):
        """What `user` may see: representatives their manufacturers' applications, registrars
        every application once submitted (a draft is the manufacturer's own work)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        own = Q(manufacturer__memberships__user=user)
        if action == "edit":
            return self.filter(own, manufacturer__memberships__role="editor")
        if user.is_registrar:
            return self.filter(own | Q(submitted_at__isnull=False)).distinct()
        return self.filter(own)

    def awaiting_registrar(self):
        return self.filter(state__in=[ApplicationState.SUBMITTED, ApplicationState.UNDER_REVIEW])

    def queue(self, name, user):
        """One view of the registrars' queue (the desk's filter and its dashboard count the
        same rows): awaiting, mine, unassigned, overdue, with_manufacturer, closed; else all."""
        closed = [ApplicationState.APPROVED, ApplicationState.REJECTED,
                  ApplicationState.WITHDRAWN]
        if name == "awaiting":
            return self.awaiting_registrar()
        if name == "mine":
            return self.filter(assigned_to=user).exclude(state__in=closed)
        if name == "unassigned":
            return self.filter(state=ApplicationState.SUBMITTED, assigned_to__isnull=True)
        if name == "overdue":
            return self.overdue()
        if name == "with_manufacturer":
            return self.filter(state=ApplicationState.CHANGES_REQUESTED)
        if name == "closed":
            return self.filter(state__in=closed)
        return self

    def overdue(self, now=None):
        """Applications awaiting a registrar longer than the review period
        (APPLICATION_REVIEW_DAYS, 30 by default) since they were last submitted."""
        return self.awaiting_registrar().filter(submitted_at__lt=review_started_before(now))


def review_started_before(now=None):
    """Submitted before this moment, an application awaiting a registrar is overdue."""
    days = getattr(settings, "APPLICATION_REVIEW_DAYS", 30)
    return (now or timezone.now()) - datetime.timedelta(days=days)


class Application(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=ApplicationKind.choices)
    state = models.CharField(
        _("state"), max_length=20, choices=ApplicationState.choices,
        default=ApplicationState.DRAFT,
    )
    manufacturer = models.ForeignKey(
        "manufacturers.Manufacturer", on_delete=models.PROTECT, related_name="applications",
        verbose_name=_("manufacturer"),
    )
    product = models.ForeignKey(
        "products.Product", on_delete=models.PROTECT, null=True, blank=True,
        related_name="applications", verbose_name=_("register entry"),
        help_text=_("The entry amended or withdrawn; for an inclusion, the entry it created."),
    )
    proposal = models.JSONField(_("proposed data"), default=dict, blank=True)
    # For an amendment: the entry as it was when the application was started. Approval applies
    # only what the manufacturer changed against it, so a registrar's later correction of
    # other fields is not silently undone.
    base = models.JSONField(_("entry when the application was started"), null=True, blank=True)
    note = models.TextField(
        _("covering note"), blank=True,
        help_text=_("What the application asks for and why; for a withdrawal, the reason."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("created by"),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="assigned_applications", verbose_name=_("registrar"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # The end of the statutory review period (REVIEW_PERIOD_DAYS), set at each submission.
    due_on = models.DateField(_("review due by"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ApplicationKind.values), name="application_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(state__in=ApplicationState.values), name="application_state_valid",
            ),
            # Amendments and withdrawals name their entry; an inclusion names one once approved.
            models.CheckConstraint(
                condition=(Q(kind=ApplicationKind.INCLUDE) & (
                    Q(product__isnull=True) | Q(state=ApplicationState.APPROVED)))
                | (~Q(kind=ApplicationKind.INCLUDE) & Q(product__isnull=False)),
                name="application_product_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["product"], condition=Q(state__in=OPEN_STATES),
                name="application_one_open_per_entry",
                violation_error_message=_("This entry already has an application in progress."),
            ),
        ]
        indexes = [
            models.Index(fields=["state", "submitted_at"], name="application_queue_idx"),
            models.Index(fields=["manufacturer", "state"], name="application_maker_idx"),
            models.Index(fields=["assigned_to", "state"], name="application_assignee_idx"),
        ]

    def __str__(self):
        return _("Application No. %(number)s") % {"number": self.reference}

    @property
    def reference(self):
        return f"{self.pk:06d}" if self.pk else "—"

    @property
    def part_number(self):
        """The part number the application is about, for lists."""
        if self.proposal.get("part_number"):
            return self.proposal["part_number"]
        return self.product.part_number if self.product_id else ""

    @property
    def is_editable(self):
        return self.state in EDITABLE_STATES

    @property
    def is_overdue(self):
        return (self.due_on is not None and self.state in AWAITING_REGISTRAR
                and self.due_on < timezone.localdate())
