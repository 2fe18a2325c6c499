"""Domestic substitutes of a foreign part: the entry, its level, score and comparison."""

from django.utils.translation import get_language
from rest_framework import serializers

from products.models.parts import Compatibility
from products.substitutes import SAME_FAMILY, SAME_PART
from products.substitution.comparison import BETTER, EQUAL, UNKNOWN, WORSE

from .entry_dicts import ENTRY, EntryDicts, _choice, _date
from .products import AnalogSerializer, ProductSummarySerializer


class ComparisonRowSerializer(serializers.Serializer):
    key = serializers.CharField(read_only=True, help_text="The parameter's key (flash_kb).")
    name = serializers.CharField(read_only=True, help_text="The parameter's name.")
    unit = serializers.CharField(read_only=True)
    foreign = serializers.CharField(read_only=True,
                                    help_text="The foreign part's value; empty when unknown.")
    domestic = serializers.CharField(read_only=True,
                                     help_text="The entry's value; empty when not stated.")
    verdict = serializers.ChoiceField(
        choices=[(v, v) for v in (EQUAL, BETTER, WORSE, UNKNOWN)], read_only=True,
        help_text="How the entry's value compares: better is e.g. a higher maximum voltage, "
                  "clock or memory, or a wider temperature or supply range.")


class SubstituteSerializer(serializers.Serializer):
    match = serializers.ChoiceField(
        choices=[(SAME_PART, "part"), (SAME_FAMILY, "family")], read_only=True,
        allow_null=True,
        help_text="part: the entry declares this very part; family: a part of its family; "
                  "null: a parametric candidate nobody declared.")
    compatibility = serializers.ChoiceField(
        choices=Compatibility.choices, source="analog.compatibility", read_only=True,
        allow_null=True, default=None,
        help_text="The compatibility the manufacturer declared; null for a parametric one.")
    level = serializers.ChoiceField(
        choices=Compatibility.choices, read_only=True,
        help_text="The level the register can stand by: pin_to_pin only with the same "
                  "package and pin count; a declared pin-to-pin analog in another package "
                  "is functional.")
    level_label = serializers.CharField(read_only=True,
                                        help_text='The level in words ("functional, other '
                                                  'package").')
    score = serializers.IntegerField(read_only=True, min_value=0, max_value=100,
                                     help_text="0–100: the level, the declaration and the "
                                               "comparison together.")
    package_note = serializers.CharField(
        read_only=True, help_text="A plain sentence when the package or pin count differs "
                                  "or cannot be checked; empty otherwise.")
    comparison = ComparisonRowSerializer(
        many=True, read_only=True,
        help_text="Parameter by parameter, where the foreign part's values are known.")
    analog = AnalogSerializer(read_only=True, allow_null=True,
                              help_text="The foreign part as the entry declares it; null for "
                                        "a parametric candidate.")
    product = ProductSummarySerializer(read_only=True)


class SubstitutesSerializer(serializers.Serializer):
    part = serializers.CharField(read_only=True, help_text="The foreign part asked about.")
    results = SubstituteSerializer(
        many=True, read_only=True,
        help_text="Declared analogs first (best level, the very part before its family, "
                  "higher score), then parametric candidates by score.")

    def to_representation(self, instance):
        """The fields above written out from plain attribute reads: DRF, field by field,
        took a third of the answer's time. tests/api/test_substitutes.py holds the two equal."""
        writer = SubstituteDicts(self.context.get("request"))
        return {"part": _text(instance["part"]),
                "results": [writer.substitute(candidate) for candidate in instance["results"]]}

    def field_by_field(self, instance):
        return super().to_representation(instance)


def _text(value):
    """As DRF's CharField writes a value."""
    return None if value is None else str(value)


class SubstituteDicts(EntryDicts):
    """SubstituteSerializer's representation, built directly for one request."""

    def __init__(self, request):
        super().__init__(request)
        self.english = get_language() == "en"

    def substitute(self, candidate):
        analog = candidate.analog
        return {
            "match": _choice(candidate.match),
            "compatibility": None if analog is None else _choice(analog.compatibility),
            "level": _choice(candidate.level),
            "level_label": _text(candidate.level_label),
            "score": int(candidate.score),
            "package_note": _text(candidate.package_note),
            "comparison": [{"key": _text(row.key), "name": _text(row.name),
                            "unit": _text(row.unit), "foreign": _text(row.foreign),
                            "domestic": _text(row.domestic), "verdict": _choice(row.verdict)}
                           for row in candidate.comparison],
            "analog": None if analog is None else self.analog(analog),
            "product": self.summary(candidate.product),
        }

    def summary(self, product):
        """As ProductSummarySerializer writes the entry."""
        number = product.registry_number
        return {
            "registry_number": number,
            "part_number": product.part_number,
            "name_ru": product.name_ru,
            "name_en": product.name_en,
            "manufacturer": self.manufacturer(product.manufacturer, self.english),
            "category": self.category(product.category, self.english),
            "status": _choice(product.effective_status),
            "valid_until": _date(product.valid_until),
            "url": self.entry_page.replace(ENTRY, number),
            "api_url": self.entry_api.replace(ENTRY, number),
        }
