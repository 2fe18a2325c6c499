"""Reminders the daily term task has sent, so that each goes out once.

A reminder is about an entry's end of term (to its manufacturer's representatives, 90, 30 and
7 days before) or an application's review deadline (to its registrars). The date it is about
is part of the key: a renewed entry, or a resubmitted application, is reminded again.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Reminder(models.Model):
    class Kind(models.TextChoices):
        EXPIRY = "expiry", _("end of term")
        REVIEW = "review", _("review deadline")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    product = models.ForeignKey(
        "products.Product", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("register entry"),
    )
    application = models.ForeignKey(
        "registry.Application", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("application"),
    )
    about = models.DateField(_("date reminded of"))
    days = models.PositiveSmallIntegerField(_("days before"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["product", "about", "days"],
                                    condition=models.Q(kind="expiry"),
                                    name="reminder_once_per_term"),
            models.UniqueConstraint(fields=["application", "about", "days"],
                                    condition=models.Q(kind="review"),
                                    name="reminder_once_per_due_date"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.about} −{self.days}"
