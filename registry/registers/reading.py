"""A register's file, streamed: CSV (UTF-8 or cp1251, delimiter sniffed) or XLSX (openpyxl in
read-only mode), one row at a time, so memory stays flat however long the file is.

The header need not be the first row: registers' own exports put a title and group labels above
it (GISP's XLSX has its column names on the third row). Given the names a format knows, the
header is the row among the first HEADER_SEARCH_ROWS that holds the most of them, and the rows
above it are skipped.

Whatever is wrong with the file as a whole — not a CSV or XLSX, an encoding that is neither
UTF-8 nor cp1251, a spreadsheet that unpacks to far more than it weighs, a row the CSV reader
cannot split — raises FileProblem with a message naming the row where there is one.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import zipfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

SNIFF_BYTES = 64 * 1024
# An XLSX is a zip archive; one that unpacks to more than this, or more than RATIO times its
# size, is refused before it is opened (a "zip bomb").
XLSX_MAX_UNPACKED = 1024 * 1024 * 1024
XLSX_MAX_RATIO = 200
HEADER_SEARCH_ROWS = 30


class FileProblem(Exception):
    """The file cannot be read as a register: nothing of it is applied."""


@dataclass
class Opened:
    kind: str  # "csv" or "xlsx"
    encoding: str
    header: list[str]
    rows: Iterator[tuple[int, list]]  # (row number as a spreadsheet shows it, cells)
    header_row: int = 1


def open_register(path: str | Path, delimiter: str | None = None,
                  headers: Collection[str] = ()) -> Opened:
    """The file's header and its rows below it; `headers` are the column names the format
    knows, by which the header row is found."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as error:
        raise FileProblem(_("The file %(path)s cannot be read: %(error)s") % {
            "path": path, "error": error.strerror or error}) from None
    if not head.strip():
        raise FileProblem(_("The file is empty."))
    known = {header_name(h) for h in headers}
    if head.startswith(b"PK\x03\x04"):
        return _open_xlsx(path, known)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileProblem(_("The file is in UTF-16; save it as CSV in UTF-8 or cp1251."))
    if b"\x00" in head or head.startswith((b"%PDF", b"\xd0\xcf\x11\xe0", b"\x1f\x8b")):
        raise FileProblem(_("This is not a CSV or XLSX file. Export the register as CSV "
                            "(UTF-8 or cp1251) or as XLSX."))
    return _open_csv(path, head, delimiter, known)


def header_name(cell) -> str:
    """A header cell as names are compared: spaces and line breaks folded, case ignored."""
    return " ".join(("" if cell is None else str(cell)).split()).casefold()


def _with_header(kind: str, encoding: str, rows: Iterator[tuple[int, list]],
                 known: set[str]) -> Opened:
    """The row of the first HEADER_SEARCH_ROWS holding most of the known names is the header
    (the first row when none holds any); the rows after it follow."""
    ahead = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
    scores = [sum(header_name(cell) in known for cell in cells) for _number, cells in ahead]
    at = scores.index(max(scores)) if ahead and max(scores) > 0 else 0
    number, header = ahead[at] if ahead else (1, [])
    names = ["" if h is None else str(h).strip().lstrip("\ufeff") for h in header]
    return Opened(kind, encoding, names, itertools.chain(ahead[at + 1:], rows), number)


def _encoding_of(head: bytes) -> str:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)  # a character cut at the end of the sample is fine
        return "utf-8-sig"
    except UnicodeDecodeError as error:
        row = head.count(b"\n", 0, error.start) + 1
    try:
        head.decode("cp1251")
        return "cp1251"
    except UnicodeDecodeError:
        raise FileProblem(_("The file is neither in UTF-8 (row %(row)d is not) nor in cp1251; "
                            "save the whole file as CSV in one of them.") % {"row": row}) from None


def _open_csv(path: Path, head: bytes, delimiter: str | None, known: set[str]) -> Opened:
    encoding = _encoding_of(head)
    # Closed by the row generator when it ends (or is closed).
    text = io.TextIOWrapper(open(path, "rb"), encoding=encoding, errors="strict",  # noqa: SIM115
                            newline="")
    sample = head.decode(encoding, errors="ignore").lstrip("\ufeff")
    if not delimiter:
        # By the first line, or the whole sample when the first is a title without any.
        first = sample.splitlines()[0]
        counts = {d: first.count(d) for d in (";", ",", "\t")}
        if not any(counts.values()):
            counts = {d: sample.count(d) for d in counts}
        delimiter = max(counts, key=counts.get)
    reader = csv.reader(text, delimiter=delimiter)

    def rows() -> Iterator[tuple[int, list]]:
        number = 0
        try:
            for number, cells in enumerate(reader, start=1):
                yield number, cells
        except UnicodeDecodeError:
            raise FileProblem(_("Row %(row)d is not in %(encoding)s like the rows before it; "
                                "save the whole file in one encoding (UTF-8 or cp1251).") % {
                "row": number + 1, "encoding": "UTF-8" if encoding == "utf-8-sig"
                else "cp1251"}) from None
        except csv.Error as error:
            raise FileProblem(_("Row %(row)d cannot be read as CSV: %(error)s") % {
                "row": number + 1, "error": error}) from None
        finally:
            text.close()

    return _with_header("csv", "UTF-8" if encoding == "utf-8-sig" else "cp1251", rows(), known)


def _open_xlsx(path: Path, known: set[str]) -> Opened:
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if "xl/workbook.xml" not in archive.namelist():
                raise FileProblem(_("This is a zip archive, not an XLSX workbook."))
    except zipfile.BadZipFile:
        raise FileProblem(_("The XLSX file is damaged and cannot be opened.")) from None
    size = max(path.stat().st_size, 1)
    if unpacked > XLSX_MAX_UNPACKED or unpacked > XLSX_MAX_RATIO * size and unpacked > 50e6:
        raise FileProblem(_("The XLSX file unpacks to %(mb)d MB from %(size)d KB; it is refused "
                            "as a possible zip bomb.") % {"mb": unpacked // 2**20,
                                                          "size": size // 1024})
    from openpyxl import load_workbook  # imported here: CSV runs never need it

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise FileProblem(_("The XLSX file cannot be opened: %(error)s") % {
            "error": error}) from None
    sheet = workbook.worksheets[0]

    def rows() -> Iterator[tuple[int, list]]:
        try:
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, list(cells)
        finally:
            workbook.close()

    return _with_header("xlsx", "", rows(), known)
