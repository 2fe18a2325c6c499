"""Reading a catalogue file (CSV in UTF-8 or Windows-1251, or an XLSX workbook) into rows of
cells keyed by column, checked against its limits before its content is trusted.

`read_catalogue` returns the header (column → header as written) and the rows as a list of
(line number, {column: text}); a file the register cannot read raises CatalogueFileError with a
message naming the row and column when there is one.
"""

import csv
import io
import zipfile

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from .columns import BY_NAME, REQUIRED, match_header

MAX_ROWS = 10_000
MAX_COLUMNS = 60
MAX_CELL = 10_000


def max_bytes():
    return getattr(settings, "CATALOGUE_MAX_BYTES", 20 * 1024 * 1024)


def max_unpacked_bytes():
    """What a workbook may unpack to: a small file inflating to gigabytes is refused unread."""
    return getattr(settings, "CATALOGUE_MAX_UNPACKED_BYTES", 200 * 1024 * 1024)


class CatalogueFileError(Exception):
    """A file the register cannot read as a catalogue; the message says why."""


def read_catalogue(upload, name=""):
    """(header {column: header text}, [(line, {column: text})]) of an uploaded file."""
    size = getattr(upload, "size", None)
    if not size:
        raise CatalogueFileError(_("The file is empty."))
    if size > max_bytes():
        raise CatalogueFileError(_("The file is %(size)s; the limit is %(limit)s. Split the "
                                   "catalogue into several batches.") % {
            "size": filesizeformat(size), "limit": filesizeformat(max_bytes())})
    upload.seek(0)
    data = upload.read()
    name = (name or getattr(upload, "name", "") or "").lower()
    if data.startswith(b"PK\x03\x04"):
        rows = _read_xlsx(data)
    elif data.startswith((b"\xd0\xcf\x11\xe0", b"%PDF", b"\x89PNG", b"\xff\xd8\xff")) \
            or name.endswith((".xls", ".pdf", ".doc", ".docx", ".zip")):
        raise CatalogueFileError(_("Only CSV and XLSX files are accepted; save the catalogue "
                                   "as CSV (UTF-8) or as an Excel workbook (.xlsx)."))
    else:
        rows = _read_csv(_decode(data))
    return _keyed(rows)


def _keyed(rows):
    """The header row matched to the columns; the rows below as dicts."""
    rows = iter(rows)
    header = None
    for line, cells in rows:
        if any(cells):
            header = (line, cells)
            break
    if header is None:
        raise CatalogueFileError(_("The file holds no rows."))
    found, unknown = match_header(header[1])
    missing = [name for name in REQUIRED if name not in found]
    if missing:
        raise CatalogueFileError(_(
            "Row %(line)d (the header) has no column %(columns)s. Name the columns as in the "
            "template, in Russian or English.") % {
                "line": header[0],
                "columns": ", ".join(f"“{BY_NAME[name].label}”" for name in missing)})
    if unknown:
        raise CatalogueFileError(_(
            "Row %(line)d (the header): the register has no column %(columns)s. Name the "
            "columns as in the template, in Russian or English.") % {
                "line": header[0], "columns": ", ".join(f"“{h}”" for h in unknown[:5])})
    headers = {name: str(header[1][index]).strip() for name, index in found.items()}
    body = []
    for line, cells in rows:
        if not any(cells):
            continue
        if len(body) >= MAX_ROWS:
            raise CatalogueFileError(_(
                "The file has more than %(limit)s rows (row %(line)d is past the limit). "
                "Split the catalogue into several batches.") % {
                    "limit": f"{MAX_ROWS:,}".replace(",", " "), "line": line})
        record = {}
        for name, index in found.items():
            value = cells[index] if index < len(cells) else ""
            if len(value) > MAX_CELL:
                raise CatalogueFileError(_(
                    "Row %(line)d, column “%(column)s”: the cell holds more than %(limit)d "
                    "characters.") % {"line": line, "column": headers[name], "limit": MAX_CELL})
            record[name] = value
        body.append((line, record))
    if not body:
        raise CatalogueFileError(_("The file has a header but no rows below it."))
    return headers, body


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "date") and hasattr(value, "isoformat"):
        value = value.date().isoformat() if hasattr(value, "hour") else value.isoformat()
    return str(value).strip()


# --- Workbooks ----------------------------------------------------------------------------------

def _read_xlsx(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise CatalogueFileError(_("The file is not a readable XLSX workbook.")) from error
    if unpacked > max_unpacked_bytes():
        raise CatalogueFileError(_(
            "The workbook unpacks to %(size)s, more than the %(limit)s a catalogue may take; "
            "it is refused unread.") % {"size": filesizeformat(unpacked),
                                        "limit": filesizeformat(max_unpacked_bytes())})
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            rows, filled = [], 0
            for line, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS,
                                                          values_only=True), start=1):
                cells = [_cell(v) for v in values]
                if any(cells):
                    rows.append((line, cells))
                    filled += 1
                    if filled > MAX_ROWS + 1:
                        break  # the header and one row past the limit are enough to report it
            return rows
        finally:
            workbook.close()
    except CatalogueFileError:
        raise
    # A zip that is no workbook raises any of these from openpyxl's reader.
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, OSError,
            IndexError, TypeError, AttributeError, EOFError) as error:
        raise CatalogueFileError(_("The file is not a readable XLSX workbook.")) from error


# --- Text ---------------------------------------------------------------------------------------

def _decode(data):
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise _not_text() from error
    if b"\x00" in data[:4096]:
        raise _not_text()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        utf8_error = error
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        line = data[:utf8_error.start].count(b"\n") + 1
        raise CatalogueFileError(_(
            "Row %(line)d is neither UTF-8 nor Windows-1251 text. Save the file as CSV in "
            "UTF-8.") % {"line": line}) from None
    return text


def _not_text():
    return CatalogueFileError(_("The file is neither CSV text (UTF-8 or Windows-1251) nor an "
                                "XLSX workbook."))


def _delimiter(first_line):
    counts = {sep: first_line.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _read_csv(text):
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first))
    rows = []
    try:
        for values in reader:
            cells = [_cell(v.replace("\x00", "")) for v in values[:MAX_COLUMNS]]
            if any(cells):
                rows.append((reader.line_num, cells))
                if len(rows) > MAX_ROWS + 1:
                    break  # the header and one row past the limit are enough to report it
    except csv.Error as error:
        raise CatalogueFileError(_("Row %(line)d: the CSV text is malformed (%(error)s).") % {
            "line": reader.line_num, "error": error}) from error
    return rows
