"""Where and by whom each stage of a product is made: what "domestic" means for a chip."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

UNION_STATE = {"BY", "RU"}


class Stage(models.TextChoices):
    DESIGN = "design", _("design")
    WAFER_FAB = "wafer_fab", _("wafer fabrication")
    ASSEMBLY = "assembly", _("assembly and packaging")
    TEST = "test", _("testing")


class ProductionStage(models.Model):
    product = models.ForeignKey(
        "products.Product", on_delete=models.CASCADE, related_name="production_stages",
        verbose_name=_("register entry"), db_index=False,  # production_stage_unique leads
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    site = models.CharField(_("site"), max_length=200, blank=True)
    operator = models.CharField(_("operator"), max_length=300, blank=True)
    country = models.CharField(
        _("country"), max_length=2, help_text=_("ISO 3166 alpha-2 code, e.g. BY, RU, TW."),
    )
    process_nm = models.PositiveIntegerField(
        _("process node, nm"), null=True, blank=True,
        help_text=_("For wafer fabrication."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("production stage")
        verbose_name_plural = _("production chain")
        ordering = ["product", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["product", "stage"], name="production_stage_unique"),
            models.CheckConstraint(
                condition=models.Q(country__regex=r"^[A-Z]{2}$"),
                name="production_stage_country_format",
            ),
            models.CheckConstraint(
                condition=models.Q(stage__in=Stage.values), name="production_stage_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_stage_display()}: {self.site} ({self.country})"

    def fill_derived(self):
        """The country in capitals (also before a bulk insert, which skips save)."""
        self.country = (self.country or "").upper()

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    @property
    def in_union_state(self):
        return self.country in UNION_STATE
