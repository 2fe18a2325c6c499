"""The whole public register as JSON Lines or CSV, produced row by row.

Entries are read with a database cursor in chunks, each with its stored document (stored.py)
joined: a JSON Lines line is that document's text, exactly what the detail endpoint serves,
and the CSV columns flatten it. An entry whose document is missing or outdated is built from
its rows instead (bulk_entries, one query per relation and chunk), so memory and queries per
row stay constant however large the register is. On PostgreSQL the JSON Lines are read by
COPY instead (copied_lines.py), and by the cursor only from an entry without a current document.
"""

import csv
import json
from itertools import islice

from django.db import connections
from django.utils import translation

from products.exports import csv_value
from products.models import Product

from . import bulk_entries, copied_lines, stored

CHUNK_SIZE = 2000
BLOCK_SIZE = 256 * 1024
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


def representations(queryset, request, rebased=True):
    """The full representation of each entry as JSON text, in the order of `queryset`, chunk
    by chunk, in the request's language; `rebased=False` leaves stored texts' links on
    stored.STORED_BASE for the caller to move (json_lines moves a whole block at once)."""
    # Texts are produced after the view has returned: keep the language it answered in.
    return _texts(queryset, request, translation.get_language(), rebased)


def _texts(queryset, request, language, rebased):
    with translation.override(language):
        rows = stored.id_and_current_body(queryset, language).iterator(chunk_size=CHUNK_SIZE)
        while chunk := list(islice(rows, CHUNK_SIZE)):
            missing = [pk for pk, body in chunk if body is None]
            built = bulk_entries.by_id(Product.objects.filter(pk__in=missing), request) \
                if missing else {}
            for pk, body in chunk:
                if body is None:
                    yield stored.body_of(built[pk])
                else:
                    yield stored.rebase(body, request) if rebased else body


def json_lines(queryset, request):
    """JSON Lines in blocks, each block's links moved to the client's address at once (a
    link never spans two lines, so never two blocks). PostgreSQL reads them by COPY."""
    if connections[queryset.db].vendor == "postgresql":
        return copied_lines.json_lines(queryset, request, BLOCK_SIZE, _read_json_lines)
    return _read_json_lines(queryset, request)


def _read_json_lines(queryset, request):
    lines = (text + "\n" for text in representations(queryset, request, rebased=False))
    return (stored.rebase(block, request) for block in in_blocks(lines))


def csv_lines(queryset, request):
    return in_blocks(_csv_rows(representations(queryset, request)))


def in_blocks(lines):
    """The lines joined into pieces of about BLOCK_SIZE characters: the server writes each piece
    of a streamed answer to the socket on its own, and a million writes of one line each took
    longer than reading the register."""
    block, length = [], 0
    for line in lines:
        block.append(line)
        length += len(line)
        if length >= BLOCK_SIZE:
            yield "".join(block)
            block, length = [], 0
    if block:
        yield "".join(block)


class _Line:
    """csv.writer writes into this and gets the line back."""

    def write(self, text):
        return text


def _csv_rows(texts):
    writer = csv.writer(_Line())
    yield writer.writerow(CSV_COLUMNS)
    for row in map(json.loads, texts):
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
