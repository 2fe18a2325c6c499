"""A registrar's own table of foreign parts: CSV (UTF-8 or cp1251; comma, semicolon or tab)
or XLSX, one part a row, columns named in the first row.

Columns: part_number (required), maker, category (a category slug), package, pins,
description, keywords, datasheet, ordering_pattern, and one column per parameter named by
its key (flash_kb, vce_max…). A value the table leaves empty is read from the description
where the category's parser can; a value the table gives wins.
"""

import csv
import io
import re
from pathlib import Path

from .. import vocabulary
from . import descriptions, packages
from .records import Problem, Record, UnreadableFile, clean_url, ordering_pattern

FIELDS = ("part_number", "maker", "category", "package", "pins", "description", "keywords",
          "datasheet", "ordering_pattern")
SYNONYMS = {"part": "part_number", "partnumber": "part_number", "part_no": "part_number",
            "manufacturer": "maker", "pin_count": "pins", "footprint": "package"}
_NUMBER = re.compile(r"^[-+]?\d+(?:[.,]\d+)?$")


def column_name(header):
    name = re.sub(r"[\s\-.]+", "_", str(header or "").strip().lower())
    return SYNONYMS.get(name, name)


def read(path, source, known_keys=frozenset()):
    """(records, problems) of one CSV or XLSX file; `known_keys` are the parameter keys.

    The header is checked here; the records are read as they are taken (a generator), and
    the rows they cannot be made of join `problems` on the way."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        rows, cells = _xlsx_rows(path), _xlsx_cells
    else:
        rows, cells = _csv_rows(path), _csv_cells
    header = next(rows, None)
    if not header:
        raise UnreadableFile("the table is empty")
    columns = [column_name(h) for h in header]
    if "part_number" not in columns:
        raise UnreadableFile("no part_number column in the first row")
    problems = []
    parameter_columns = []
    for name in columns:
        if name in FIELDS or not name:
            continue
        if name in known_keys:
            parameter_columns.append(name)
        else:
            problems.append(Problem(path.name, f"column {name!r} is neither a field nor a "
                                               f"parameter key; ignored"))
    return _records(rows, cells, columns, parameter_columns, source, path.name, problems), \
        problems


def _records(rows, cells, columns, parameter_columns, source, name, problems):
    for number, row in enumerate(rows, start=2):
        # A short row leaves its last columns empty; cells past the header are no column.
        values = dict(zip(columns, cells(row), strict=False))
        if not any(values.values()):
            continue
        record = _record(values, parameter_columns, source)
        if isinstance(record, str):
            problems.append(Problem(f"{name}, row {number}", record))
        else:
            yield record


def _record(values, parameter_columns, source):
    part_number = values.get("part_number", "")
    if not part_number:
        return "no part number"
    if len(part_number) > 100:
        return "part number longer than 100 characters"
    pins = values.get("pins", "")
    if pins and not pins.isdigit():
        return f"pins {pins!r} is not a whole number"
    category = values.get("category", "")
    description = values.get("description", "")
    parameters = descriptions.parameters(category, description, part_number,
                                         values.get("keywords", ""))
    for key in parameter_columns:
        if values.get(key):
            parameters[key] = _parameter(key, values[key])
    package = packages.tidy(values["package"]) if values.get("package") else ""
    described_package, described_pins = packages.from_description(description)
    package = package or described_package
    pin_count = int(pins) if pins else (packages.pins_of(package) if package else None)
    return Record(
        part_number=part_number, source=source, description=description,
        keywords=values.get("keywords", "")[:300], datasheet=clean_url(values.get("datasheet")),
        maker=values.get("maker", "")[:200], category=category, package=package[:60],
        pin_count=pin_count or described_pins, parameters=parameters,
        ordering_pattern=values.get("ordering_pattern") or ordering_pattern(part_number),
    )


def _parameter(key, text):
    if _NUMBER.match(text):
        return descriptions.number(text)
    return vocabulary.canonical(key, text)


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _xlsx_cells(row):
    return [_cell(value) for value in row]


def _csv_cells(row):
    """The row's texts with their spaces tidied as `_cell` does; most rows need nothing, and
    one look at the whole row says so (every space but ' ' is unprintable)."""
    joined = "|".join(row)
    if (joined.isprintable() and "  " not in joined and " |" not in joined
            and "| " not in joined and joined[:1] != " " and joined[-1:] != " "):
        return row
    return [" ".join(value.split()) for value in row]


def _decode(data):
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("neither UTF-8 nor cp1251 text")


def _csv_rows(path):
    try:
        text = _decode(path.read_bytes())
    except OSError as error:
        raise UnreadableFile(error.strerror or str(error)) from error
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _xlsx_rows(path):
    """Rows of the first sheet; opened here so a bad workbook fails before any row is read."""
    from openpyxl import load_workbook
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
        raise UnreadableFile(f"not a readable XLSX workbook ({error.__class__.__name__})") \
            from error
    try:
        for row in book.worksheets[0].iter_rows(values_only=True):
            yield list(row)
    finally:
        book.close()
