from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistryCounter(models.Model):
    """The last registry number issued for a prefix and year (UR-2026-000123)."""

    prefix = models.CharField(_("prefix"), max_length=10)
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number issued"), default=0)

    class Meta:
        verbose_name = _("registry number counter")
        verbose_name_plural = _("registry number counters")
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="registry_counter_unique"),
        ]

    def __str__(self):
        return f"{self.prefix}-{self.year}: {self.last_number}"
