"""Bills of materials: read a CSV or XLSX upload, keep it briefly, answer it line by line.

An upload is read into a small table of strings (limits below) and kept in the cache for
STAGE_SECONDS under an unguessable token, never in the database. The reader then says which
row is the header and which columns hold the part number and the quantity; the answer
looks every distinct part up in a few batched queries (substitutes.find_substitutes_for_many).
"""

import csv
import io
import re
import secrets
import zipfile
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from .substitutes import find_substitutes_for_many

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 50
MAX_CELL = 200
# A workbook is a zip archive: what it unpacks to is bounded before openpyxl reads it, so that
# a small file that inflates to gigabytes (a zip bomb) is refused unread.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
PREVIEW_ROWS = 10
STAGE_SECONDS = 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,40}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

PART_HEADERS = ("part", "p/n", "pn", "mpn", "component", "article", "type", "номер",
                "обозначение", "наименование", "тип", "артикул", "компонент", "партномер")
QUANTITY_HEADERS = ("qty", "quantity", "amount", "count", "pcs", "кол", "шт")


class BomError(Exception):
    """A file the register cannot read as a bill of materials; the message says why."""


# --- Reading ------------------------------------------------------------------------------------

def read_upload(upload):
    """[(line number, [cells…])] of a CSV or XLSX upload, blank lines left out."""
    if upload.size == 0:
        raise BomError(_("The file is empty."))
    if upload.size > MAX_BYTES:
        raise BomError(_("The file is larger than 2 MB; split the bill of materials."))
    upload.seek(0)
    data = upload.read()
    rows = _read_xlsx(data) if data.startswith(b"PK\x03\x04") else _read_csv(data)
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
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError, TypeError) as error:
        raise BomError(_("The file is not a readable XLSX workbook.")) from error


def _decode(data):
    if b"\x00" in data[:4096]:
        raise BomError(_("The file is neither CSV text nor an XLSX workbook."))
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BomError(_("The file is neither CSV text nor an XLSX workbook."))


def _delimiter(sample):
    """The separator most lines agree on (a title line above the table does not count)."""
    lines = [line for line in sample.splitlines()[:30] if line.strip()]
    best, best_score = ",", 0
    for candidate in ",;\t|":
        counts = [line.count(candidate) for line in lines if candidate in line]
        if counts:
            score = max(counts.count(n) for n in set(counts))
            if score > best_score:
                best, best_score = candidate, score
    return best


def _read_csv(data):
    text = _decode(data)
    delimiter = _delimiter(text[:8192])
    try:
        return list(_limited(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)))
    except csv.Error as error:
        raise BomError(_("The CSV file is malformed: %(error)s") % {"error": error}) from error


# --- Staging in the cache -----------------------------------------------------------------------

def stage(rows, filename):
    token = secrets.token_urlsafe(18)
    cache.set(f"bom:{token}", {"rows": rows, "name": filename[:120]}, STAGE_SECONDS)
    return token


def staged(token):
    """The staged upload for `token`, or None when unknown or expired."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None
    return cache.get(f"bom:{token}")


# --- Which row and columns ----------------------------------------------------------------------

def column_count(rows):
    return max((len(cells) for _n, cells in rows), default=0)


def column_letters(rows):
    return [get_column_letter(index + 1) for index in range(column_count(rows))]


def column_labels(rows, header_index=None):
    """'A', 'B: Part number', … for the columns of the table."""
    header = rows[header_index][1] if header_index is not None else []
    labels = []
    for index in range(column_count(rows)):
        name = header[index] if index < len(header) else ""
        letter = get_column_letter(index + 1)
        labels.append(f"{letter}: {name}" if name else letter)
    return labels


def _matches(cell, words):
    text = cell.casefold()
    return any(word in text for word in words)


@dataclass
class Layout:
    header: int | None  # index into the rows of the header row, None for none
    part: int
    quantity: int | None


def guess_layout(rows):
    """The likeliest header row and columns, so that one click usually suffices."""
    for index, (_number, cells) in enumerate(rows[:PREVIEW_ROWS]):
        part = next((i for i, c in enumerate(cells) if _matches(c, PART_HEADERS)), None)
        if part is not None:
            quantity = next((i for i, c in enumerate(cells)
                             if i != part and _matches(c, QUANTITY_HEADERS)), None)
            return Layout(index, part, quantity)
    return Layout(None, _likeliest_part_column(rows), _likeliest_quantity_column(rows))


def _score(rows, test):
    scores = {}
    for _number, cells in rows[:50]:
        for index, cell in enumerate(cells):
            scores[index] = scores.get(index, 0) + (1 if test(cell) else 0)
    return scores


def _likeliest_part_column(rows):
    scores = _score(rows, lambda c: bool(re.search(r"\d", c) and re.search(r"[^\W\d]", c)))
    return max(scores, key=lambda i: (scores[i], -i), default=0)


def _likeliest_quantity_column(rows):
    scores = _score(rows, lambda c: c.isdigit())
    best = max(scores, key=lambda i: (scores[i], -i), default=None)
    return best if best is not None and scores[best] else None


# --- The answer ---------------------------------------------------------------------------------

@dataclass
class Line:
    number: int  # the line of the file
    part: str
    quantity: str
    substitutes: list


def answer(rows, layout):
    """The lines below the header with the substitutes of each part number."""
    start = 0 if layout.header is None else layout.header + 1
    body = [(number, cells) for number, cells in rows[start:]]

    def cell(cells, index):
        return cells[index] if index is not None and index < len(cells) else ""

    items = [(number, cell(cells, layout.part), cell(cells, layout.quantity))
             for number, cells in body]
    found = find_substitutes_for_many(part for _n, part, _q in items if part)
    return [Line(number, part, quantity, found.get(part, []) if part else [])
            for number, part, quantity in items]
