"""A register's file, streamed: CSV (UTF-8 or cp1251, delimiter sniffed), XLSX (openpyxl in
read-only mode) or JSON (a service's answer, a bare array or JSON Lines), one row or record at a
time, so memory stays flat however long the file is.

The header need not be the first row: registers' own exports put a title and group labels above
it (GISP's XLSX has its column names on the third row). Given the names a format knows, the
header is the row among the first HEADER_SEARCH_ROWS that holds the most of them, and the rows
above it are skipped.

A JSON file has no header row: its header is every field its records have (nested objects
flattened, {"okpd2": {"code": …}} → "okpd2.code"), and its records are numbered from 1 as rows.

Whatever is wrong with the file as a whole — not a CSV, XLSX or JSON, an encoding that is neither
UTF-8 nor cp1251, a spreadsheet that unpacks to far more than it weighs, a row the CSV reader
cannot split, broken JSON or JSON without records — raises FileProblem with a message naming
the row, or the line and column, where there is one.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import re
import zipfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

SNIFF_BYTES = 64 * 1024
# An XLSX is a zip archive; one that unpacks to more than this, or more than RATIO times its
# size, is refused before it is opened (a "zip bomb").
XLSX_MAX_UNPACKED = 1024 * 1024 * 1024
XLSX_MAX_RATIO = 200
HEADER_SEARCH_ROWS = 30
JSON_CHUNK = 1024 * 1024
# A single value (a record, or anything but the records' list) longer than this is taken for
# broken JSON rather than read on to the end of the file in search of its end.
JSON_MAX_VALUE = 16 * 1024 * 1024
# Where a service's answer lists its records: OData ("value"), the Union's gateways ("result",
# "items").
JSON_RECORD_KEYS = ("value", "result", "items")


class FileProblem(Exception):
    """The file cannot be read as a register: nothing of it is applied."""


@dataclass
class Opened:
    kind: str  # "csv", "xlsx" or "json"
    encoding: str
    header: list[str]
    rows: Iterator[tuple[int, list]]  # (row number as a spreadsheet shows it, cells)
    header_row: int = 1  # 0: the file has no header row (JSON)


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
        raise FileProblem(_("This is not a CSV, XLSX or JSON file. Export the register as CSV "
                            "(UTF-8 or cp1251), as XLSX or as JSON."))
    if head.removeprefix(codecs.BOM_UTF8).lstrip()[:1] in (b"{", b"["):
        return _open_json(path)
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
        delimiter = max(counts, key=lambda d: counts[d])
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


def _open_json(path: Path) -> Opened:
    """The records of a JSON file as rows under the union of their fields. The file is read
    twice, record by record: once for the fields, once for the rows; so neither a 100,000-record
    answer nor its records are ever held whole (json.load would hold both)."""
    fields: dict[str, None] = {}
    count = 0
    for record in _json_records(path):
        count += 1
        fields.update(dict.fromkeys(name for name, _value in record))
    if not count:
        raise FileProblem(_("The JSON file lists no records (an empty answer of the service?); "
                            "nothing is read from it."))
    header = list(fields)

    def rows() -> Iterator[tuple[int, list]]:
        for number, record in enumerate(_json_records(path), start=1):
            cells = dict(record)
            yield number, [cells.get(name) for name in header]

    return Opened("json", "UTF-8", header, rows(), header_row=0)


def _json_records(path: Path) -> Iterator[list[tuple[str, Any]]]:
    """Each record of the file as (field, value) pairs, nested objects flattened."""
    stream = _JsonStream(path)
    try:
        for number, record in enumerate(stream.records(), start=1):
            if not isinstance(record, dict):
                raise FileProblem(_("Record %(record)d of the JSON file is not an object of "
                                    "fields but %(value)s.") % {
                    "record": number, "value": json.dumps(record, ensure_ascii=False)[:80]})
            if list(record) == ["error"]:  # what OData answers instead of records
                raise FileProblem(_("The JSON file is an error answer of the service, not its "
                                    "records: %(error)s") % {
                    "error": json.dumps(record["error"], ensure_ascii=False)[:300]})
            yield list(_flattened(record))
    finally:
        stream.close()


def _flattened(record: dict, prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _flattened(value, f"{name}.")
        elif isinstance(value, list):
            yield name, "; ".join(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
                                  for v in value)
        else:
            yield name, value


_SPACE = re.compile(r"[ \t\n\r]*")
_NUMBER_TAIL = re.compile(r"[0-9.eE+\-]*")
_DECODER = json.JSONDecoder()


class _JsonStream:
    """The records of a JSON file, parsed one value at a time from a window of its text.

    The file is a sequence of JSON values (one, several pages saved one after another, or one
    per line as in JSON Lines): an array lists records; an object listing them under
    JSON_RECORD_KEYS is a service's answer, whose list is streamed; any other object is a
    record itself."""

    def __init__(self, path: Path):
        self.handle = open(path, "rb")  # noqa: SIM115 - closed by close()
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.text, self.at, self.eof = "", 0, False
        # Where the window starts in the file: lines before it, and characters of its line.
        self.lines_before, self.column_before = 0, 0

    def close(self) -> None:
        self.handle.close()

    def records(self) -> Iterator[Any]:
        while char := self._peek():
            if char == "[":
                yield from self._array()
            elif char == "{":
                yield from self._object()
            else:
                raise self._broken(_("a record, a list of records or an answer of the "
                                     "service was expected"))

    def _array(self) -> Iterator[Any]:
        self.at += 1
        if self._peek() == "]":
            self.at += 1
            return
        while True:
            yield self._value()
            if self._expect(",]", _("“,” or “]” was expected")) == "]":
                return

    def _object(self) -> Iterator[Any]:
        """The records of a service's answer, or the object as a record."""
        self.at += 1
        fields, answer = {}, False
        if self._peek() == "}":
            self.at += 1
        else:
            while True:
                if self._peek() != '"':
                    raise self._broken(_("a field name in double quotes was expected"))
                key = self._value()
                self._expect(":", _("“:” was expected"))
                if key in JSON_RECORD_KEYS and self._peek() == "[":
                    answer = True
                    yield from self._array()
                else:
                    fields[key] = self._value()
                if self._expect(",}", _("“,” or “}” was expected")) == "}":
                    break
        if not answer:
            yield fields

    def _value(self) -> Any:
        self._peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.at)
            except json.JSONDecodeError as error:
                if self.eof or len(self.text) - self.at > JSON_MAX_VALUE:
                    raise self._broken(error.msg, error.pos) from None
                self._more()  # the value may go on in the next chunk
                continue
            if not self.eof and _NUMBER_TAIL.fullmatch(self.text, end):
                self._more()  # a number cut by the window may go on ("1." of "1.5")
                continue
            self.at = end
            return value

    def _expect(self, chars: str, message: str) -> str:
        char = self._peek()
        if not char or char not in chars:
            raise self._broken(message)
        self.at += 1
        return char

    def _peek(self) -> str:
        """The next character that is not white space ("" at the end of the file)."""
        while True:
            space = _SPACE.match(self.text, self.at)
            self.at = space.end() if space else self.at
            if self.at < len(self.text):
                return self.text[self.at]
            if not self._more():
                return ""

    def _more(self) -> bool:
        """Read the next chunk into the window, dropping what is parsed; False at the end."""
        if self.eof:
            return False
        chunk = self.handle.read(JSON_CHUNK)
        self.eof = not chunk
        try:
            text = self.decoder.decode(chunk, final=self.eof)
        except UnicodeDecodeError:
            raise FileProblem(_("The JSON file is not in UTF-8 (from line %(line)d on); JSON "
                                "is always UTF-8.") % {
                "line": self._where(len(self.text))[0]}) from None
        done = self.text[:self.at]
        if "\n" in done:
            self.lines_before += done.count("\n")
            self.column_before = len(done) - done.rfind("\n") - 1
        else:
            self.column_before += len(done)
        self.text, self.at = self.text[self.at:] + text, 0
        return not self.eof

    def _where(self, pos: int) -> tuple[int, int]:
        line_start = self.text.rfind("\n", 0, pos)
        line = self.lines_before + self.text.count("\n", 0, pos) + 1
        return line, (pos - line_start if line_start >= 0 else self.column_before + pos + 1)

    def _broken(self, message: str, pos: int | None = None) -> FileProblem:
        line, column = self._where(self.at if pos is None else pos)
        return FileProblem(_("The file is not valid JSON: at line %(line)d, column %(column)d, "
                             "%(error)s. Nothing is read from it.") % {
            "line": line, "column": column, "error": message})
