"""Other spellings of a product's part number, and the foreign parts it replaces."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import partnumbers


class PartAlias(models.Model):
    """Another spelling a catalogue uses for the product (MDR32F9Q2I, КР1564ИР8)."""

    product = models.ForeignKey(
        "products.Product", on_delete=models.CASCADE, related_name="aliases",
        verbose_name=_("register entry"), db_index=False,  # alias_unique leads with it
    )
    part_number = models.CharField(_("other spelling"), max_length=100)
    key_lookalike = models.CharField(max_length=100, editable=False)
    key_translit = models.CharField(max_length=100, editable=False)
    key_skeleton = models.CharField(max_length=100, editable=False)
    key_family = models.CharField(max_length=100, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("other spelling")
        verbose_name_plural = _("other spellings")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["product", "part_number"], name="alias_unique"),
        ]
        indexes = [
            models.Index(fields=["key_lookalike"], name="alias_lookalike_idx"),
            models.Index(fields=["key_translit"], name="alias_translit_idx"),
            models.Index(fields=["key_family"], name="alias_family_idx"),
            models.Index(fields=["key_skeleton"], name="alias_skeleton_idx",
                         opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self):
        return self.part_number

    def fill_derived(self):
        """The search keys of the spelling (also before a bulk insert, which skips save)."""
        keys = partnumbers.PartKeys.of(self.part_number)
        self.key_lookalike, self.key_translit = keys.lookalike, keys.translit
        self.key_skeleton, self.key_family = keys.skeleton, keys.family

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)


class Compatibility(models.TextChoices):
    PIN_TO_PIN = "pin_to_pin", _("pin-to-pin")
    FUNCTIONAL = "functional", _("functional")
    PARAMETRIC = "parametric", _("parametric")


# Best compatibility first when substitutes are listed.
COMPATIBILITY_RANK = {
    Compatibility.PIN_TO_PIN: 1, Compatibility.FUNCTIONAL: 2, Compatibility.PARAMETRIC: 3,
}


class ForeignAnalog(models.Model):
    product = models.ForeignKey(
        "products.Product", on_delete=models.CASCADE, related_name="analogs",
        verbose_name=_("register entry"), db_index=False,  # analog_unique leads with it
    )
    part_number = models.CharField(_("foreign part number"), max_length=100)
    manufacturer_name = models.CharField(_("foreign manufacturer"), max_length=200, blank=True)
    compatibility = models.CharField(
        _("compatibility"), max_length=12, choices=Compatibility.choices,
        default=Compatibility.FUNCTIONAL,
    )
    # 1 = pin-to-pin, 2 = functional, 3 = parametric: sorts substitutes in the index.
    compatibility_rank = models.PositiveSmallIntegerField(editable=False, default=2)
    note = models.CharField(_("note"), max_length=300, blank=True)
    key_skeleton = models.CharField(max_length=100, editable=False)
    key_family = models.CharField(max_length=100, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("foreign analog")
        verbose_name_plural = _("foreign analogs")
        ordering = ["compatibility_rank", "part_number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["product", "part_number"], name="analog_unique"),
            models.CheckConstraint(
                condition=models.Q(compatibility__in=Compatibility.values),
                name="analog_compatibility_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["key_skeleton"], name="analog_skeleton_idx"),
            models.Index(fields=["key_family"], name="analog_family_idx"),
        ]

    def __str__(self):
        return self.part_number

    def fill_derived(self):
        """The search keys and rank (also before a bulk insert, which skips save)."""
        self.key_skeleton = partnumbers.skeleton(self.part_number)
        self.key_family = partnumbers.family(self.part_number)
        self.compatibility_rank = COMPATIBILITY_RANK.get(self.compatibility, 2)

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)
