"""The reference catalogue of foreign parts the substitution engine compares entries with.

A foreign part is not a register entry: nobody applies for it and it has no status. It is
what the engine must know of a Western part (category, package, pins, key parameters) to say
which registered entries can take its place. Rows come from KiCad symbol libraries and from
registrars' own tables (`manage.py import_foreign_parts`), keyed like entries' part numbers.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import partnumbers


class ForeignPart(models.Model):
    part_number = models.CharField(_("part number"), max_length=100, unique=True)
    # An ordering-code pattern as the maker's library writes it (STM32F103C8Tx): x stands for
    # any one character. Empty when the part number is a single ordering code.
    ordering_pattern = models.CharField(_("ordering-code pattern"), max_length=100, blank=True)
    key_lookalike = models.CharField(max_length=100, editable=False)
    key_skeleton = models.CharField(max_length=100, editable=False)
    key_family = models.CharField(max_length=100, editable=False)
    maker = models.CharField(_("maker"), max_length=200, blank=True)
    category = models.ForeignKey(
        "products.Category", on_delete=models.PROTECT, null=True, blank=True,
        related_name="foreign_parts", verbose_name=_("category"),
    )
    package = models.CharField(_("package"), max_length=60, blank=True)
    pin_count = models.PositiveSmallIntegerField(_("pins"), null=True, blank=True)
    # {parameter key of the category: number or text}, the keys of ParameterTemplate.
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    description = models.TextField(_("description"), blank=True)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)
    datasheet = models.URLField(_("datasheet"), max_length=500, blank=True)
    # Where the row came from: "kicad:MCU_ST_STM32F1", "csv:ti-logic.csv".
    source = models.CharField(_("source"), max_length=200)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("foreign reference part")
        verbose_name_plural = _("foreign reference parts")
        ordering = ["part_number"]
        indexes = [
            models.Index(fields=["key_lookalike"], name="foreignpart_lookalike_idx"),
            models.Index(fields=["key_skeleton"], name="foreignpart_skeleton_idx",
                         opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["key_family"], name="foreignpart_family_idx"),
        ]

    def __str__(self):
        return self.part_number

    def set_keys(self):
        """Derive the search keys from the part number (bulk imports use catalogue_keys)."""
        lookalike, _translit, skeleton, family = catalogue_keys(self.part_number)
        self.key_lookalike, self.key_skeleton, self.key_family = lookalike, skeleton, family

    def save(self, *args, **kwargs):
        self.set_keys()
        super().save(*args, **kwargs)


def catalogue_keys(part_number):
    """(lookalike, translit, skeleton, family) a catalogue row is found by. KiCad names one
    part's symbols for its packages PART_PACKAGE (LM317_TO-220, LM337_SOT223): they are keyed
    as the part itself, so LM317T extends them and their family is LM317's, not "317TO220"."""
    return partnumbers.keys_of(_part_of(part_number))


def named_for_a_package(part_number):
    """Whether it is a KiCad symbol of one package of its part (LM317_SOT-223), whose package
    is not that of the part's other ordering codes."""
    return _part_of(part_number) != part_number


def _part_of(part_number):
    """The part a KiCad PART_PACKAGE name names (LM317_TO-220 → LM317); others as they are."""
    return part_number.split("_", 1)[0] or part_number
