"""People following a search by e-mail: no account, a confirmed address (double opt-in), a
digest daily or weekly of what the change feed recorded for the entries the search finds."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_token():
    return secrets.token_urlsafe(32)


class Frequency(models.TextChoices):
    DAILY = "daily", _("daily")
    WEEKLY = "weekly", _("weekly")


class SubscriptionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


class Subscription(models.Model):
    email = models.EmailField(_("e-mail"))
    # The search page's query (filters only), as in its address.
    query = models.CharField(_("search"), max_length=2000, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)
    frequency = models.CharField(_("how often"), max_length=8, choices=Frequency.choices,
                                 default=Frequency.DAILY)
    # Names the subscription in its confirmation and unsubscribe links; never shown elsewhere.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    # The newest change-feed event a digest has reported (or the newest at confirmation).
    last_event_id = models.BigIntegerField(_("last event reported"), default=0)
    last_sent_at = models.DateTimeField(_("last digest sent at"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        indexes = [models.Index(fields=["email"], name="subscription_email_idx"),
                   models.Index(fields=["confirmed_at", "unsubscribed_at"],
                                name="subscription_active_idx")]

    def __str__(self):
        return f"{self.email} · {self.query or '*'}"
