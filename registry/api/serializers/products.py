"""Register entries in the API, in full, brief and summary form.

The full form is also each line of the JSON Lines export and the source of the CSV export's
columns, so the three never disagree.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from products.models import (
    Document,
    ExclusionReason,
    ForeignAnalog,
    Product,
    ProductionStage,
    ProductParameter,
    ProductStatus,
)
from products.models.entries import OriginDocumentKind

from ..links import api_url, site_url
from ..narrowing import FIELDS, NarrowableSerializer
from .categories import CategorySummarySerializer
from .entry_dicts import EntryDicts
from .fields import LinkField, OptionalChoiceField
from .manufacturers import ManufacturerSummarySerializer


def product_api_url(request, product):
    return api_url(request, "product-detail", product.registry_number)


def product_page_url(request, product):
    return site_url(request, "product-detail", product.registry_number)


def document_url(request, document):
    return site_url(request, "document-download", document.product.registry_number,
                    document.pk)


class ParameterValueSerializer(serializers.ModelSerializer):
    key = serializers.CharField(source="template.key", read_only=True)
    name = serializers.CharField(source="template.name", read_only=True,
                                 help_text="Name in the language asked.")
    name_ru = serializers.CharField(source="template.name_ru", read_only=True)
    name_en = serializers.CharField(source="template.name_en", read_only=True)
    unit = serializers.CharField(source="template.unit", read_only=True)
    kind = serializers.CharField(
        source="template.kind", read_only=True,
        help_text="number, choice, multiple (a list, items separated by commas), text or boolean.")
    value_numeric = serializers.DecimalField(
        max_digits=20, decimal_places=6, read_only=True, allow_null=True,
        help_text="The value as a number, for numeric parameters.")
    terms = serializers.SerializerMethodField(
        help_text="For a list (kind multiple): the canonical term of each item, sorted, as "
                  "p.<key> filters them (\"USB 2.0 FS OTG, 2×CAN\" → [\"CAN\", \"USB\"]); "
                  "null otherwise.")

    class Meta:
        model = ProductParameter
        fields = ["key", "name", "name_ru", "name_en", "unit", "kind", "value", "value_numeric",
                  "terms"]
        read_only_fields = fields

    @extend_schema_field({"type": "array", "items": {"type": "string"}, "nullable": True})
    def get_terms(self, value):
        return value.terms


class AnalogSerializer(serializers.ModelSerializer):
    manufacturer = serializers.CharField(source="manufacturer_name", read_only=True,
                                         help_text="The foreign manufacturer, when known.")

    class Meta:
        model = ForeignAnalog
        fields = ["part_number", "manufacturer", "compatibility", "note"]
        read_only_fields = fields


class ProductionStageSerializer(serializers.ModelSerializer):
    in_union_state = serializers.BooleanField(read_only=True,
                                              help_text="Whether the stage is in BY or RU.")

    class Meta:
        model = ProductionStage
        fields = ["stage", "site", "operator", "country", "process_nm", "in_union_state"]
        read_only_fields = fields


class DocumentSerializer(serializers.ModelSerializer):
    url = LinkField(document_url, help_text="Download address of the file.")

    class Meta:
        model = Document
        fields = ["kind", "title", "content_type", "size", "sha256", "uploaded_at", "url"]
        read_only_fields = fields


@extend_schema_field({"type": "string"})
class AliasField(serializers.SlugRelatedField):
    """A part-number alias, read from the list the entry's prefetch filled."""


class DecisionSerializer(serializers.Serializer):
    number = serializers.CharField(source="decision_number", read_only=True)
    date = serializers.DateField(source="decision_date", read_only=True, allow_null=True)


class OriginDocumentSerializer(serializers.Serializer):
    kind = OptionalChoiceField(OriginDocumentKind.choices, source="origin_document_kind")
    number = serializers.CharField(source="origin_document_number", read_only=True)
    date = serializers.DateField(source="origin_document_date", read_only=True,
                                 allow_null=True)
    valid_until = serializers.DateField(source="origin_document_valid_until", read_only=True,
                                        allow_null=True)


class ProductSerializer(NarrowableSerializer):
    aliases = AliasField(
        source="loaded_aliases", many=True, read_only=True, slug_field="part_number",
        help_text="Other spellings of the part number that catalogues use.")
    manufacturer = ManufacturerSummarySerializer(read_only=True)
    category = CategorySummarySerializer(read_only=True)
    status = serializers.ChoiceField(
        ProductStatus.choices, source="effective_status", read_only=True,
        help_text="The status today: an entry past `valid_until` is expired.")
    exclusion_reason = OptionalChoiceField(ExclusionReason.choices)
    suspension_reason_code = OptionalChoiceField(ExclusionReason.choices)
    decision = serializers.SerializerMethodField(
        help_text="The registrar's decision the entry rests on.")
    origin_document = serializers.SerializerMethodField(
        help_text="The origin or expertise document the decision rests on.")
    parameters = ParameterValueSerializer(source="loaded_parameters", many=True, read_only=True)
    analogs = AnalogSerializer(source="loaded_analogs", many=True, read_only=True,
                               help_text="Foreign parts this product can replace.")
    production_chain = ProductionStageSerializer(source="loaded_production", many=True,
                                                 read_only=True)
    documents = DocumentSerializer(source="loaded_documents", many=True, read_only=True)
    url = LinkField(product_page_url, help_text="The entry's public page.")
    api_url = LinkField(product_api_url)

    always = ("registry_number",)
    brief_fields = ("registry_number", "part_number", "name_ru", "name_en", "status", "url",
                    "api_url")
    # What each field needs loaded with the page, so that a page costs the same few queries.
    # Prefetched rows go into plain lists (to_attr): filling each entry's related managers
    # instead costs a queryset per entry and relation, most of a 500-entry page's time.
    related = {
        "manufacturer": "manufacturer",
        "category": "category",
    }
    prefetches = {
        "aliases": Prefetch("aliases", to_attr="loaded_aliases"),
        "parameters": Prefetch("parameters", ProductParameter.objects.select_related(
            "template"), to_attr="loaded_parameters"),
        "analogs": Prefetch("analogs", to_attr="loaded_analogs"),
        "production_chain": Prefetch("production_stages",
                                     ProductionStage.objects.order_by("pk"),
                                     to_attr="loaded_production"),
        "documents": Prefetch("documents", to_attr="loaded_documents"),
    }

    class Meta:
        model = Product
        fields = [
            "registry_number", "part_number", "aliases", "name_ru", "name_en", "name_be",
            "description_ru", "description_en", "manufacturer", "category", "package",
            "status", "registered_at", "valid_until", "suspended_at", "suspension_reason",
            "suspension_reason_code", "suspension_legal_basis", "excluded_at",
            "exclusion_reason", "exclusion_legal_basis", "exclusion_note",
            "decision", "origin_document", "tnved_code", "okpd2_code", "parameters",
            "analogs", "production_chain", "documents", "updated_at", "url", "api_url",
        ]
        read_only_fields = fields

    @extend_schema_field(DecisionSerializer(allow_null=True))
    def get_decision(self, product):
        if not (product.decision_number or product.decision_date):
            return None
        return DecisionSerializer(product).data

    @extend_schema_field(OriginDocumentSerializer(allow_null=True))
    def get_origin_document(self, product):
        if not (product.origin_document_kind or product.origin_document_number):
            return None
        return OriginDocumentSerializer(product).data

    def to_representation(self, instance):
        """The full form written out directly (entry_dicts), the narrowed forms by DRF."""
        if self.context.get(FIELDS):
            return self.field_by_field(instance)
        if getattr(self, "_entry_dicts", None) is None:
            self._entry_dicts = EntryDicts(self.context.get("request"))
        return self._entry_dicts.entry(instance)

    def field_by_field(self, instance):
        """DRF's representation from the declared fields: the reference for entry_dicts."""
        return super().to_representation(instance)

    @classmethod
    def load(cls, queryset, chosen=None):
        """`queryset` with what the chosen fields (all by default) read from related rows."""
        wanted = set(cls.Meta.fields) if chosen is None else set(chosen)
        related = [path for name, path in cls.related.items() if name in wanted]
        prefetches = [lookup for name, lookup in cls.prefetches.items() if name in wanted]
        return queryset.select_related(*related).prefetch_related(*prefetches)


class ProductSummarySerializer(serializers.ModelSerializer):
    """An entry inside another representation (a substitute)."""

    manufacturer = ManufacturerSummarySerializer(read_only=True)
    category = CategorySummarySerializer(read_only=True)
    status = serializers.ChoiceField(ProductStatus.choices, source="effective_status",
                                     read_only=True)
    url = LinkField(product_page_url, help_text="The entry's public page.")
    api_url = LinkField(product_api_url)

    class Meta:
        model = Product
        fields = ["registry_number", "part_number", "name_ru", "name_en", "manufacturer",
                  "category", "status", "valid_until", "url", "api_url"]
        read_only_fields = fields
