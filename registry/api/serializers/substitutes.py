"""Domestic substitutes of a foreign part: the entry and the analog it declares."""

from rest_framework import serializers

from products.models.parts import Compatibility
from products.substitutes import SAME_FAMILY, SAME_PART

from .products import AnalogSerializer, ProductSummarySerializer


class SubstituteSerializer(serializers.Serializer):
    match = serializers.ChoiceField(
        choices=[(SAME_PART, "part"), (SAME_FAMILY, "family")], read_only=True,
        help_text="part: the entry declares this very part; family: a part of its family.")
    compatibility = serializers.ChoiceField(
        choices=Compatibility.choices, source="analog.compatibility", read_only=True)
    analog = AnalogSerializer(read_only=True,
                              help_text="The foreign part as the entry declares it.")
    product = ProductSummarySerializer(read_only=True)


class SubstitutesSerializer(serializers.Serializer):
    part = serializers.CharField(read_only=True, help_text="The foreign part asked about.")
    results = SubstituteSerializer(many=True, read_only=True,
                                   help_text="Best compatibility first, then exact part.")
