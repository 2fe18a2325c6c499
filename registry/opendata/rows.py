"""One row per register entry: the public data of the entry, as JSON Lines and as CSV.

A row holds only what the entry page shows anyone (no contact e-mail, no internal fields).
CSV cells are flat: a nested object's fields become prefixed columns (manufacturer_slug), and
lists (aliases, parameters, analogs, production, documents) are JSON text in one cell.
"""

import datetime
import json

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.urls import reverse

from products.models import ForeignAnalog, Product, ProductParameter
from registry.public_url import absolute

SCHEMA_VERSION = 1

MANUFACTURER_FIELDS = ["slug", "name_ru", "name_en", "short_name_ru", "short_name_en", "country",
                       "unp", "inn", "ogrn", "city_ru", "city_en", "address", "website"]
CATEGORY_FIELDS = ["slug", "code", "path", "name_ru", "name_en"]
LIST_FIELDS = ["aliases", "parameters", "analogs", "production", "documents"]
ENTRY_FIELDS = ["name_ru", "name_en", "name_be", "description_ru", "description_en", "package",
                "tnved_code", "okpd2_code", "status", "suspension_reason", "exclusion_reason",
                "exclusion_legal_basis", "exclusion_note", "decision_number",
                "origin_document_kind", "origin_document_number", "suspension_reason_code",
                "suspension_legal_basis"]
DATE_FIELDS = ["registered_at", "valid_until", "suspended_at", "excluded_at", "decision_date",
               "origin_document_date", "origin_document_valid_until"]

CSV_COLUMNS = [
    "registry_number", "url", "part_number", "aliases",
    *ENTRY_FIELDS[:5],
    *(f"manufacturer_{name}" for name in [*MANUFACTURER_FIELDS, "url"]),
    *(f"category_{name}" for name in CATEGORY_FIELDS),
    *ENTRY_FIELDS[5:], *DATE_FIELDS,
    "parameters", "analogs", "production", "documents", "updated_at",
]
CHUNK_SIZE = 500


def public_entries():
    """Every public entry with what its row needs, in registry-number order."""
    return (
        Product.objects.restrict(AnonymousUser())
        .select_related("manufacturer", "category")
        .prefetch_related(
            "aliases",
            Prefetch("parameters", ProductParameter.objects.select_related("template")
                     .order_by("template__position", "pk")),
            Prefetch("analogs", ForeignAnalog.objects.order_by("compatibility_rank",
                                                               "part_number", "pk")),
            "production_stages",
            "documents",
        )
        .order_by("registry_number")
    )


def _instant(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def _day(day):
    return day.isoformat() if day else None


def _manufacturer(manufacturer):
    values = {name: getattr(manufacturer, name) for name in MANUFACTURER_FIELDS}
    values["url"] = absolute(manufacturer.get_absolute_url())
    return values


def _category(category):
    values = {name: getattr(category, name) for name in CATEGORY_FIELDS}
    values["path"] = category.path.strip("/")
    return values


def _lists(product):
    number = product.registry_number
    return {
        "aliases": [alias.part_number for alias in product.aliases.all()],
        "parameters": [
            {"key": p.template.key, "name_ru": p.template.name_ru, "name_en": p.template.name_en,
             "value": p.value, "unit": p.template.unit}
            for p in product.parameters.all()
        ],
        "analogs": [
            {"part_number": a.part_number, "manufacturer": a.manufacturer_name,
             "compatibility": a.compatibility, "note": a.note}
            for a in product.analogs.all()
        ],
        "production": [
            {"stage": s.stage, "site": s.site, "operator": s.operator, "country": s.country,
             "process_nm": s.process_nm}
            for s in product.production_stages.all()
        ],
        "documents": [
            {"kind": d.kind, "title": d.title, "sha256": d.sha256, "size": d.size,
             "url": absolute(reverse("document-download", args=[number, d.pk]))}
            for d in product.documents.all()
        ],
    }


def entry_row(product):
    """The JSON Lines row of one entry (nested objects and lists)."""
    return {
        "registry_number": product.registry_number,
        "url": absolute(product.get_absolute_url()),
        "part_number": product.part_number,
        **{name: getattr(product, name) for name in ENTRY_FIELDS},
        "status": product.effective_status,  # expired from the day after valid_until
        **{name: _day(getattr(product, name)) for name in DATE_FIELDS},
        "manufacturer": _manufacturer(product.manufacturer),
        "category": _category(product.category),
        **_lists(product),
        "updated_at": _instant(product.updated_at),
    }


def csv_row(row):
    """The same row flattened for CSV: prefixed columns, lists as JSON text, null as empty."""
    flat = {}
    for name, value in row.items():
        if isinstance(value, dict):
            flat.update({f"{name}_{key}": inner for key, inner in value.items()})
        elif isinstance(value, list):
            flat[name] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        else:
            flat[name] = value
    return {name: "" if value is None else value for name, value in flat.items()}
