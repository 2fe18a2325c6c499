"""Webhook subscriptions: the change feed pushed to a client's address, in feed order, each
event signed with the subscription's secret; and the log of every delivery attempt.

A subscription walks the feed like a mirror does: its cursor is the last event the receiver
acknowledged (2xx) or that the subscription does not ask for. A failed delivery is retried
with growing pauses; after the last attempt the subscription stops (active off, failed_at
set) with its cursor where it was, so nothing is lost: the receiver reads the feed after its
own last event, or the owner switches the subscription on again.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# A signing secret's length in characters (printable ASCII).
MIN_SECRET, MAX_SECRET = 24, 128


class WebhookSubscriptionQuerySet(models.QuerySet):
    def restrict(self, user, action="view"):
        """A subscription is its owner's alone, to see and to change."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(owner=user)


class WebhookSubscription(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="webhooks", verbose_name=_("owner"))
    url = models.URLField(_("address"), max_length=500,
                          help_text=_("Where the events are sent (https)."))
    # Kept to sign each delivery (HMAC-SHA256); shown to the owner only when set.
    secret = models.CharField(_("signing secret"), max_length=128, editable=False)
    kinds = models.JSONField(_("kinds of events"), default=list, blank=True,
                             help_text=_("Empty: every kind."))
    active = models.BooleanField(_("active"), default=True)
    cursor = models.BigIntegerField(_("last event delivered"), default=0)
    attempts = models.PositiveSmallIntegerField(_("failed attempts at the next event"),
                                                default=0)
    retry_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("stopped after failing at"), null=True, blank=True)
    # Set while a delivery run sends this subscription's events, so that runs never overlap.
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = WebhookSubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["pk"]
        indexes = [models.Index(fields=["active", "cursor"], name="webhook_active_idx")]

    def __str__(self):
        return self.url

    def wants(self, kind):
        return not self.kinds or kind in self.kinds


class DeliveryOutcome(models.TextChoices):
    SUCCEEDED = "succeeded", _("delivered")
    RETRYING = "retrying", _("failed, to be retried")
    FAILED = "failed", _("failed, given up")


class WebhookDelivery(models.Model):
    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE,
                                     related_name="deliveries",
                                     verbose_name=_("subscription"))
    event = models.ForeignKey("registry.ChangeEvent", on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("event"))
    attempt = models.PositiveSmallIntegerField(_("attempt"))
    attempted_at = models.DateTimeField(_("attempted at"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=DeliveryOutcome.choices)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration, ms"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["subscription", "-id"], name="webhook_delivery_idx")]

    def __str__(self):
        return f"{self.subscription_id}/{self.event_id}#{self.attempt} {self.outcome}"
