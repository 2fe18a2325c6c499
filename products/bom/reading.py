"""Reading a bill of materials into a small table of strings, whatever wrote it.

Files: XLSX workbooks (the first sheet), and text — CSV or TXT exported by KiCad, Altium,
Excel or a ГОСТ 2.701 parts list — in UTF-8 (with or without its mark), UTF-16 (Excel's
"Unicode text") or Windows-1251, separated by commas, semicolons, tabs or bars (the
separator most lines agree on). Pasted text is read the same way; a list without any
separator is one part per line, "SN74HC164N 2" or "2 x SN74HC164N" giving the quantity.
Every limit below is checked before the content is trusted, so that no input costs more
than a small table.
"""

import csv
import io
import re
import zipfile

from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 50
MAX_CELL = 200
# A workbook is a zip archive: what it unpacks to is bounded before openpyxl reads it, so that
# a small file that inflates to gigabytes (a zip bomb) is refused unread.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# "SN74HC164N 2", "SN74HC164N x 2 шт", "2 x SN74HC164N", "2 шт SN74HC164N".
_COUNT = r"(\d{1,6})\s*(?:шт\.?|pcs\.?|pc\.?)?"
_TRAILING_COUNT = re.compile(rf"^(\S.*?)\s+(?:[xх×*]\s*)?{_COUNT}$", re.IGNORECASE)
_LEADING_COUNT = re.compile(rf"^{_COUNT}\s+(?:[xх×*]\s+)?(\S.*)$", re.IGNORECASE)
SEPARATORS = ",;\t|"


class BomError(Exception):
    """Input the register cannot read as a bill of materials; the message says why."""


def read_upload(upload):
    """[(line number, [cells…])] of an uploaded CSV, TXT or XLSX file, blank lines left out."""
    if upload.size == 0:
        raise BomError(_("The file is empty."))
    if upload.size > MAX_BYTES:
        raise BomError(_("The file is larger than 2 MB; split the bill of materials."))
    upload.seek(0)
    return read_bytes(upload.read())


def read_bytes(data):
    if not data:
        raise BomError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise BomError(_("The file is larger than 2 MB; split the bill of materials."))
    if data.startswith(b"PK\x03\x04"):
        return _nonblank(_read_xlsx(data))
    return _nonblank(_read_text(_decode(data)))


def read_text(text):
    """The table of a pasted list."""
    if len(text.encode()) > MAX_BYTES:
        raise BomError(_("The list is larger than 2 MB; split the bill of materials."))
    return _nonblank(_read_text(text))


def _nonblank(rows):
    rows = [(number, cells) for number, cells in rows if any(cells)]
    if not rows:
        raise BomError(_("The file holds no lines."))
    return rows


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _CONTROL.sub(" ", str(value)).strip()[:MAX_CELL]


def _limited(rows):
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS:
            raise BomError(_("The file has more than %(n)s lines; split it.") % {"n": MAX_ROWS})
        yield number, [_cell(v) for v in list(row)[:MAX_COLUMNS]]


# --- Workbooks ----------------------------------------------------------------------------------

def _check_unpacked_size(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(member.file_size for member in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise BomError(_("The workbook unpacks to more than 50 MB; it is not a bill of "
                         "materials the register reads."))


def _read_xlsx(data):
    try:
        _check_unpacked_size(data)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            return list(_limited(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)))
        finally:
            workbook.close()
    except BomError:
        raise
    # A zip that is no workbook raises any of these from openpyxl's reader.
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, OSError,
            IndexError, TypeError, AttributeError, EOFError) as error:
        raise BomError(_("The file is not a readable XLSX workbook.")) from error


# --- Text ---------------------------------------------------------------------------------------

def _decode(data):
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise BomError(_("The file is neither CSV text nor an XLSX workbook.")) from error
    if b"\x00" in data[:4096]:
        raise BomError(_("The file is neither CSV text nor an XLSX workbook."))
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BomError(_("The file is neither CSV text nor an XLSX workbook."))


def _delimiter(sample):
    """The separator most lines agree on (a title line above the table does not count);
    None when no line has any."""
    lines = [line for line in sample.splitlines()[:30] if line.strip()]
    best, best_score = None, 0
    for candidate in SEPARATORS:
        counts = [line.count(candidate) for line in lines if candidate in line]
        if counts:
            score = max(counts.count(n) for n in set(counts))
            if score > best_score:
                best, best_score = candidate, score
    return best


def _read_text(text):
    delimiter = _delimiter(text[:8192])
    try:
        rows = list(_limited(csv.reader(io.StringIO(text, newline=""),
                                        delimiter=delimiter or ",")))
    except csv.Error as error:
        raise BomError(_("The CSV file is malformed: %(error)s") % {"error": error}) from error
    if delimiter is None:
        rows = [(number, _split_count(cells[0]) if cells else cells) for number, cells in rows]
    return rows


def _split_count(line):
    """[part, quantity] of a plain line with a count before or after the part; [line]
    otherwise."""
    for pattern, part_group, count_group in ((_TRAILING_COUNT, 1, 2), (_LEADING_COUNT, 2, 1)):
        match = pattern.match(line)
        if match and re.search(r"\d", match.group(part_group)):
            return [match.group(part_group).strip(), match.group(count_group)]
    return [line]
