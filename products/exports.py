"""Downloads of register data, streamed: a large result never sits in memory.

CSV is written row by row as the database cursor advances. XLSX is built by openpyxl in
write-only mode (rows go to a temporary file as they come) and then streamed from disk.
Cells that a spreadsheet would run as a formula are written as plain text.
"""

import csv
import datetime
import io
import re
import tempfile

from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from . import grid

CHUNK_SIZE = 2000
XLSX_MAX_ROWS = 1_048_575  # a worksheet holds 1,048,576 rows, the header included
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def clean_text(value):
    return _ILLEGAL.sub("", value)


def csv_value(value):
    """Text for CSV; a leading character that starts a formula gets an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = clean_text(str(value))
    if text.startswith(FORMULA_START) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def xlsx_value(sheet, value):
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=clean_text(value))
        cell.data_type = "s"  # never a formula
        return cell
    return value


def csv_chunks(header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # lets spreadsheet programs recognise UTF-8
    writer.writerow([csv_value(v) for v in header])
    for row in rows:
        writer.writerow([csv_value(v) for v in row])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def xlsx_chunks(title, header, rows):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    bold = Font(bold=True)
    head = []
    for value in header:
        cell = xlsx_value(sheet, str(value))
        cell.font = bold
        head.append(cell)
    sheet.append(head)
    for number, row in enumerate(rows, start=1):
        if number > XLSX_MAX_ROWS:
            break
        sheet.append([xlsx_value(sheet, v) for v in row])
    with tempfile.TemporaryFile() as handle:
        workbook.save(handle)
        handle.seek(0)
        while chunk := handle.read(64 * 1024):
            yield chunk


def _in_language(language, chunks):
    """Keep the request's language while the response is consumed after the view returns."""
    with translation.override(language):
        yield from chunks


def download(filename, file_format, title, header, rows):
    """A streamed CSV or XLSX attachment of `rows` (an iterable of value lists)."""
    language = translation.get_language()
    if file_format == "xlsx":
        chunks = xlsx_chunks(str(title), [str(h) for h in header], rows)
    else:
        chunks = csv_chunks([str(h) for h in header], rows)
    response = StreamingHttpResponse(_in_language(language, chunks),
                                     content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Register entries ---------------------------------------------------------------------------

ENTRY_HEADER = [
    _("Registry number"), _("Part number"), _("Name (Russian)"), _("Name (English)"),
    _("Manufacturer"), _("Country"), _("Category"), _("Status"), _("Registered on"),
    _("Valid until"), _("TN VED EAEU code"), _("OKPD2 / OKRB code"), _("Package"), _("Link"),
]


def entry_rows(queryset, link, columns=()):
    """Rows of entries, with the values of parameter `columns` (grid.Column) read once per
    chunk of entries."""
    chunk = []
    for product in queryset.with_related().iterator(chunk_size=CHUNK_SIZE):
        chunk.append(product)
        if len(chunk) == CHUNK_SIZE:
            yield from _entry_chunk(chunk, link, columns)
            chunk = []
    yield from _entry_chunk(chunk, link, columns)


def _entry_chunk(products, link, columns):
    values = grid.values_of([p.pk for p in products], columns) if columns else {}
    for p in products:
        yield [
            p.registry_number, p.part_number, p.name_ru, p.name_en,
            p.manufacturer.short_name, p.manufacturer.get_country_display(), p.category.name,
            p.get_effective_status_display(), p.registered_at, p.valid_until, p.tnved_code,
            p.okpd2_code, p.package, link.format(p.registry_number),
            *[values.get(p.pk, {}).get(column.key, "") for column in columns],
        ]


def entries_response(request, queryset, file_format, columns=()):
    link = request.build_absolute_uri(reverse("product-detail", args=["0"])).replace(
        "/0/", "/{}/")
    filename = f"register-{datetime.date.today():%Y-%m-%d}"
    header = [*ENTRY_HEADER, *[column.label for column in columns]]
    return download(filename, file_format, _("Register entries"), header,
                    entry_rows(queryset, link, columns))
