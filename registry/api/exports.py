"""The whole public register as JSON Lines or CSV, produced row by row.

Entries are read with a database cursor in chunks, each chunk with its related rows
(bulk_entries), so memory and queries per row stay constant however large the register is.
Each row is the API's full representation of the entry (as ProductSerializer gives it): a
JSON Lines line is exactly what the detail endpoint returns, and the CSV columns flatten it.
"""

import csv
import json

from django.utils import translation
from rest_framework.utils.encoders import JSONEncoder

from products.exports import csv_value

from . import bulk_entries

CHUNK_SIZE = 2000
LIST_SEPARATOR = "; "

CSV_COLUMNS = [
    "registry_number", "part_number", "aliases", "name_ru", "name_en", "name_be",
    "description_ru", "description_en", "manufacturer", "manufacturer_name_ru",
    "manufacturer_name_en", "country", "category", "category_name_ru", "category_name_en",
    "package", "status",
    "registered_at", "valid_until", "suspended_at", "suspension_reason", "excluded_at",
    "exclusion_reason", "exclusion_legal_basis", "exclusion_note", "decision_number",
    "decision_date", "origin_document_kind", "origin_document_number",
    "origin_document_date", "origin_document_valid_until", "tnved_code", "okpd2_code",
    "parameters", "analogs", "production_chain", "documents", "updated_at", "url", "api_url",
]


def representations(queryset, request):
    """The full representation of each entry, chunk by chunk, in the request's language."""
    # Rows are produced after the view has returned: keep the language it answered in.
    return _represent(queryset, request, translation.get_language())


def _represent(queryset, request, language):
    with translation.override(language):
        yield from bulk_entries.representations(queryset, request, CHUNK_SIZE)


def json_lines(rows):
    for row in rows:
        yield json.dumps(row, cls=JSONEncoder, ensure_ascii=False) + "\n"


class _Line:
    """csv.writer writes into this and gets the line back."""

    def write(self, text):
        return text


def csv_lines(rows):
    writer = csv.writer(_Line())
    yield writer.writerow(CSV_COLUMNS)
    for row in rows:
        # Cells a spreadsheet would run as a formula get an apostrophe, as in the site's export.
        yield writer.writerow([csv_value(value) for value in csv_row(row).values()])


def csv_row(data):
    """One flat CSV row from the full representation of an entry."""
    decision = data["decision"] or {}
    origin = data["origin_document"] or {}
    row = {name: data.get(name) for name in CSV_COLUMNS}
    row.update({
        "aliases": LIST_SEPARATOR.join(data["aliases"]),
        "manufacturer": data["manufacturer"]["slug"],
        "manufacturer_name_ru": data["manufacturer"]["name_ru"],
        "manufacturer_name_en": data["manufacturer"]["name_en"],
        "country": data["manufacturer"]["country"],
        "category": data["category"]["slug"],
        "category_name_ru": data["category"]["name_ru"],
        "category_name_en": data["category"]["name_en"],
        "decision_number": decision.get("number"),
        "decision_date": decision.get("date"),
        "origin_document_kind": origin.get("kind"),
        "origin_document_number": origin.get("number"),
        "origin_document_date": origin.get("date"),
        "origin_document_valid_until": origin.get("valid_until"),
        "parameters": LIST_SEPARATOR.join(
            f"{p['key']}={p['value']}{' ' + p['unit'] if p['unit'] else ''}"
            for p in data["parameters"]),
        "analogs": LIST_SEPARATOR.join(
            f"{a['part_number']} ({a['compatibility']})" for a in data["analogs"]),
        "production_chain": LIST_SEPARATOR.join(
            f"{s['stage']}: {s['country']}" for s in data["production_chain"]),
        "documents": LIST_SEPARATOR.join(d["url"] for d in data["documents"]),
    })
    return row
