"""The full representation of a register entry, written out directly from its loaded rows.

ProductSerializer declares the representation and the schema; DRF builds it field by field,
about 0.3 ms an entry: most of a change-feed page of 500 entries and of a million-entry export.
For the full form, ProductSerializer hands the work to `EntryDicts`, which builds the same dict
from plain attribute reads, with the links reversed once per request and the language and time
zone read once per entry. tests/api/test_entry_dicts.py holds the two equal on every entry of
the test registers and the demo register, in both languages.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from rest_framework import serializers

from ..links import absolute

# Values that satisfy the URL patterns, replaced by each row's own.
ENTRY = "UR-0000-000000"
SLUG = "slug-to-fill"
ROW = "987654321"

_DECIMAL = serializers.DecimalField(max_digits=20, decimal_places=6)


def _date(value):
    return None if value is None else value.isoformat()


def _moment(value, zone):
    """As DRF's DateTimeField: in the current time zone, ISO 8601, UTC written Z."""
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _choice(value):
    return value if value in ("", None) else str(value)


def _local(obj, field, english):
    """As products.models.localized, with the language read once."""
    if english:
        value = getattr(obj, f"{field}_en", "")
        if value:
            return value
    return getattr(obj, f"{field}_ru")


class EntryDicts:
    """Builds full representations for one request (or none: a webhook delivery)."""

    def __init__(self, request):
        def link(name, *args):
            return absolute(request, reverse(name, args=args))

        self.entry_page = link("product-detail", ENTRY)
        self.entry_api = link("api:product-detail", ENTRY)
        self.maker_page = link("manufacturer-detail", SLUG)
        self.maker_api = link("api:manufacturer-detail", SLUG)
        self.category_api = link("api:category-detail", SLUG)
        self.document = link("document-download", ENTRY, ROW)

    def entry(self, product):
        english = get_language() == "en"
        zone = timezone.get_current_timezone()
        number = product.registry_number
        return {
            "registry_number": number,
            "part_number": product.part_number,
            "aliases": [alias.part_number for alias in product.loaded_aliases],
            "name_ru": product.name_ru,
            "name_en": product.name_en,
            "name_be": product.name_be,
            "description_ru": product.description_ru,
            "description_en": product.description_en,
            "manufacturer": self.manufacturer(product.manufacturer, english),
            "category": self.category(product.category, english),
            "package": product.package,
            "status": _choice(product.effective_status),
            "registered_at": _date(product.registered_at),
            "valid_until": _date(product.valid_until),
            "suspended_at": _date(product.suspended_at),
            "suspension_reason": product.suspension_reason,
            "suspension_reason_code": _choice(product.suspension_reason_code) or None,
            "suspension_legal_basis": product.suspension_legal_basis,
            "excluded_at": _date(product.excluded_at),
            "exclusion_reason": _choice(product.exclusion_reason) or None,
            "exclusion_legal_basis": product.exclusion_legal_basis,
            "exclusion_note": product.exclusion_note,
            "decision": self.decision(product),
            "origin_document": self.origin_document(product),
            "tnved_code": product.tnved_code,
            "okpd2_code": product.okpd2_code,
            "parameters": [self.parameter(value, english)
                           for value in product.loaded_parameters],
            "analogs": [self.analog(analog) for analog in product.loaded_analogs],
            "production_chain": [self.stage(stage) for stage in product.loaded_production],
            "documents": [self.document_of(document, number, zone)
                          for document in product.loaded_documents],
            "updated_at": _moment(product.updated_at, zone),
            "url": self.entry_page.replace(ENTRY, number),
            "api_url": self.entry_api.replace(ENTRY, number),
        }

    def manufacturer(self, maker, english):
        return {
            "slug": maker.slug,
            "name": _local(maker, "name", english),
            "name_ru": maker.name_ru,
            "name_en": maker.name_en,
            "short_name": _local(maker, "short_name", english),
            "country": _choice(maker.country),
            "url": self.maker_page.replace(SLUG, maker.slug),
            "api_url": self.maker_api.replace(SLUG, maker.slug),
        }

    def category(self, category, english):
        return {
            "slug": category.slug,
            "code": category.code,
            "name": _local(category, "name", english),
            "name_ru": category.name_ru,
            "name_en": category.name_en,
            "path": category.path,
            "api_url": self.category_api.replace(SLUG, category.slug),
        }

    @staticmethod
    def decision(product):
        if not (product.decision_number or product.decision_date):
            return None
        return {"number": product.decision_number, "date": _date(product.decision_date)}

    @staticmethod
    def origin_document(product):
        if not (product.origin_document_kind or product.origin_document_number):
            return None
        return {
            "kind": _choice(product.origin_document_kind) or None,
            "number": product.origin_document_number,
            "date": _date(product.origin_document_date),
            "valid_until": _date(product.origin_document_valid_until),
        }

    @staticmethod
    def parameter(value, english):
        template = value.template
        return {
            "key": template.key,
            "name": _local(template, "name", english),
            "name_ru": template.name_ru,
            "name_en": template.name_en,
            "unit": template.unit,
            "kind": template.kind,
            "value": value.value,
            "value_numeric": None if value.value_numeric is None
            else _DECIMAL.to_representation(value.value_numeric),
            "terms": value.terms,
        }

    @staticmethod
    def analog(analog):
        return {
            "part_number": analog.part_number,
            "manufacturer": analog.manufacturer_name,
            "compatibility": _choice(analog.compatibility),
            "note": analog.note,
        }

    @staticmethod
    def stage(stage):
        return {
            "stage": _choice(stage.stage),
            "site": stage.site,
            "operator": stage.operator,
            "country": _choice(stage.country),
            "process_nm": stage.process_nm,
            "in_union_state": stage.in_union_state,
        }

    def document_of(self, document, number, zone):
        return {
            "kind": _choice(document.kind),
            "title": document.title,
            "content_type": document.content_type,
            "size": document.size,
            "sha256": document.sha256,
            "uploaded_at": _moment(document.uploaded_at, zone),
            "url": self.document.replace(ENTRY, number).replace(ROW, str(document.pk)),
        }
