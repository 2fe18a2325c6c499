"""Typed parameter values of products, with a numeric copy for ranges and sorting and, for
lists ("USB, 2×CAN, 12-bit ADC"), the canonical terms filters and facets count."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import units, vocabulary
from .categories import ParameterTemplate


def list_terms(template, value_terms):
    """A list's canonical terms (["CAN", "USB"]), or None for a parameter that is not one."""
    if template.kind != ParameterTemplate.Kind.MULTIPLE:
        return None
    return vocabulary.split_terms(value_terms)


class ProductParameter(models.Model):
    product = models.ForeignKey(
        "products.Product", on_delete=models.CASCADE, related_name="parameters",
        verbose_name=_("register entry"), db_index=False,  # parameter_unique leads with it
    )
    template = models.ForeignKey(
        ParameterTemplate, on_delete=models.PROTECT, related_name="values",
        verbose_name=_("parameter"), db_index=False,  # the parameter_*_idx lead with it
    )
    value = models.CharField(_("value"), max_length=300)
    value_numeric = models.DecimalField(
        max_digits=20, decimal_places=6, null=True, blank=True, editable=False,
    )
    # The number in SI (80 MHz: 8e7 Hz), for ranges, sorting and parametric searches: units of
    # one quantity compare, and 10 pF (1e-11 F) is no zero as it would be in a fixed-point column.
    value_si = models.FloatField(null=True, blank=True, editable=False)
    # "|ADC|CAN|USB|" for a list: one term per item in its canonical spelling, so a filter
    # for CAN is one LIKE '%|CAN|%' and "2×CAN", "CAN bus" and "CAN" count as one facet value.
    value_terms = models.CharField(max_length=320, blank=True, default="", editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("parameter value")
        verbose_name_plural = _("parameters")
        ordering = ["template__category__path", "template__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["product", "template"], name="parameter_unique"),
        ]
        # The entry last, newest first: a parametric search for substitutes (one value, or
        # from one value on) reads the index in the order it takes entries and stops after
        # the first few in force; old entries, more often expired, come last.
        indexes = [
            models.Index(fields=["template", "value_si", "-product"],
                         name="parameter_si_product_idx"),
            models.Index(fields=["template", "value", "-product"],
                         name="parameter_value_product_idx"),
        ]

    def __str__(self):
        unit = self.template.unit
        return f"{self.value} {unit}".strip()

    @staticmethod
    def parse_number(text):
        """A decimal from '80', '2,2', '−40' or None when the text is not a number."""
        cleaned = str(text).strip().replace(",", ".").replace("−", "-").replace(" ", "")
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            return None
        if not number.is_finite() or abs(number) >= Decimal(10) ** 14:
            return None
        return number.quantize(Decimal("0.000001"))

    def clean(self):
        self.value = str(self.value or "").strip()
        if self.template_id:
            self.value = self.canonical_value()
        if not self.value:
            raise ValidationError({"value": _("Enter a value.")})
        is_number = self.template_id and self.template.kind == ParameterTemplate.Kind.NUMBER
        if is_number and self.parse_number(self.value) is None:
            raise ValidationError({"value": _("%(name)s must be a number.") % {
                "name": self.template.name}})
        if self.template_id and self.product_id:
            allowed = self.product.category.path.startswith(self.template.category.path)
            if not allowed:
                raise ValidationError({"template": _(
                    "This parameter does not belong to the product's category.")})

    @property
    def terms(self):
        return list_terms(self.template, self.value_terms)

    def canonical_value(self):
        """The value in the vocabulary's spellings: a choice written otherwise takes the
        canonical spelling ("Risc-V" → RISC-V), a list's items likewise; anything else as
        given."""
        kind, key = self.template.kind, self.template.key
        if kind == ParameterTemplate.Kind.CHOICE:
            return vocabulary.respell(key, self.value)
        if kind == ParameterTemplate.Kind.MULTIPLE:
            tidied = vocabulary.tidy_list(key, self.value)
            # ", " between items may lengthen a list typed with bare commas past the column.
            return tidied if len(tidied) <= self._meta.get_field("value").max_length \
                else self.value
        return self.value

    def fill_derived(self):
        """The numeric copies of the value and a list's terms (also before a bulk insert,
        which skips save)."""
        kind = self.template.kind
        self.value = self.canonical_value()
        is_number = kind == ParameterTemplate.Kind.NUMBER
        self.value_numeric = self.parse_number(self.value) if is_number else None
        self.value_si = units.to_si(self.value_numeric, self.template.unit)
        self.value_terms = vocabulary.joined_terms(self.template.key, self.value) \
            if kind == ParameterTemplate.Kind.MULTIPLE else ""

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)
