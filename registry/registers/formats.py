"""A national register's file format, declared in a TOML file: which column holds which field,
and how its values are cleaned (dates, identifiers, codes, patterns, value lists).

    name, title, register       the format's name, a title, the register named in each basis
    delimiter                   of a CSV file (sniffed from the header when absent)
    [constants]                 fields every row shares
    [[columns]]                 header, aliases, field, required, type (text | date |
                                identifier | tnved | okpd2), date_formats, pattern, [values],
                                position (first | last: which of several columns bearing
                                its names, as GISP's two "Наименование" for maker and product)
    [categories]                default slug, and per code field {prefix: slug}

formats/gisp.toml and formats/eaeu.toml are the two registers read today; a registrar adds one
by writing such a file and passing it with --format mapped --mapping FILE.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

FORMATS_DIR = Path(__file__).resolve().parent / "formats"
BUILT_IN = ("gisp", "eaeu")

# What a column may fill: the entry's fields, the source record's, and the manufacturer's.
ENTRY_TARGETS = {"part_number", "name_ru", "name_en", "package", "tnved_code", "okpd2_code",
                 "origin_document_kind", "origin_document_number", "origin_document_date",
                 "origin_document_valid_until", "category"}
RECORD_TARGETS = {"record_number", "record_date", "valid_until"}
MAKER_TARGETS = {"manufacturer_name", "manufacturer_short_name", "manufacturer_inn",
                 "manufacturer_ogrn", "manufacturer_unp", "manufacturer_tax_id",
                 "manufacturer_country", "manufacturer_address"}
TARGETS = ENTRY_TARGETS | RECORD_TARGETS | MAKER_TARGETS
TYPES = {"text", "date", "identifier", "tnved", "okpd2"}
POSITIONS = {"first", "last"}
REQUIRED_TARGETS = {"record_number", "part_number", "name_ru", "manufacturer_name"}


class FormatError(Exception):
    """The mapping file itself is wrong: nothing is read with it."""


class ValueProblem(Exception):
    """One cell's value cannot be read (the message names what was expected)."""


@dataclass
class Column:
    header: str
    field: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    type: str = "text"
    date_formats: tuple[str, ...] = ("%d.%m.%Y", "%Y-%m-%d")
    pattern: re.Pattern | None = None
    values: dict[str, str] | None = None
    position: str = "first"

    def names(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)

    def read(self, raw: Any) -> Any:
        """The cell's value as the field takes it ("" / None when empty)."""
        if isinstance(raw, datetime.datetime):
            raw = raw.date()
        if self.type == "date":
            return _date(raw, self.date_formats)
        text = "" if raw is None else str(raw)
        if isinstance(raw, float) and raw.is_integer():
            text = str(int(raw))  # a spreadsheet's number cell: 7735007358.0
        text = " ".join(text.split())
        if not text:
            return ""
        if self.values is not None:
            if text not in self.values:
                raise ValueProblem(_("“%(value)s” is not one of: %(allowed)s.") % {
                    "value": text, "allowed": ", ".join(self.values)})
            text = self.values[text]
        if self.pattern is not None:
            match = self.pattern.search(text)
            if match is None:
                raise ValueProblem(_("“%(value)s” does not contain what this column is read "
                                     "for.") % {"value": text})
            text = (match.group(1) if match.groups() else match.group(0)).strip()
        if self.type == "identifier":
            return re.sub(r"[\s\-]", "", text)
        if self.type == "tnved":
            return re.sub(r"[\s.]", "", text)
        if self.type == "okpd2":
            return text.replace(" ", "")
        return text


_DATES: dict[tuple, datetime.date] = {}  # a register repeats its dates: read each once


def _date(raw: Any, formats: tuple[str, ...]) -> datetime.date | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, datetime.date):
        return raw
    text = str(raw).strip()
    if not text:
        return None
    key = (text, formats)
    if key in _DATES:
        return _DATES[key]
    if len(_DATES) > 100_000:
        _DATES.clear()
    _DATES[key] = _parse_date(text, formats)
    return _DATES[key]


def _parse_date(text: str, formats: tuple[str, ...]) -> datetime.date:
    for fmt in formats:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueProblem(_("“%(value)s” is not a date (expected e.g. %(example)s).") % {
        "value": text, "example": datetime.date(2026, 1, 31).strftime(formats[0])})


@dataclass
class Format:
    name: str
    title: str
    register: str
    columns: list[Column]
    constants: dict[str, str] = field(default_factory=dict)
    delimiter: str | None = None
    default_category: str = ""
    category_prefixes: dict[str, dict[str, str]] = field(default_factory=dict)
    country: str = ""

    @property
    def targets(self) -> set[str]:
        return {c.field for c in self.columns} | set(self.constants)

    def header_names(self) -> set[str]:
        """Every column name the format reads, by which a file's header row is found."""
        return {name for column in self.columns for name in column.names()}

    def category_for(self, values: dict[str, Any]) -> str:
        """The category slug of a row: its own column, else the longest matching code prefix."""
        if values.get("category"):
            return values["category"]
        for code_field, prefixes in self.category_prefixes.items():
            code = values.get(code_field) or ""
            best = max((p for p in prefixes if code.startswith(p)), key=len, default=None)
            if best is not None:
                return prefixes[best]
        return self.default_category


def load(name: str, mapping: str | Path | None = None) -> Format:
    """The built-in format `name`, or with name "mapped" the one `mapping` declares."""
    if name == "mapped":
        if not mapping:
            raise FormatError(_("--format mapped needs --mapping FILE, a TOML file describing "
                                "the columns."))
        path = Path(mapping)
    elif name in BUILT_IN:
        path = FORMATS_DIR / f"{name}.toml"
    else:
        raise FormatError(_("Unknown format “%(name)s”; use gisp, eaeu or mapped.") % {
            "name": name})
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise FormatError(_("The mapping file %(path)s cannot be read: %(error)s") % {
            "path": path, "error": error.strerror or error}) from None
    except tomllib.TOMLDecodeError as error:
        raise FormatError(_("The mapping file %(path)s is not valid TOML: %(error)s") % {
            "path": path, "error": error}) from None
    return parse(data, str(path))


def parse(data: dict[str, Any], where: str = "") -> Format:
    problems = []
    columns = []
    for index, raw in enumerate(data.get("columns") or [], start=1):
        if not isinstance(raw, dict) or not raw.get("header") or not raw.get("field"):
            problems.append(_("column %(n)d needs a header and a field") % {"n": index})
            continue
        if raw["field"] not in TARGETS:
            problems.append(_("column “%(header)s”: unknown field “%(field)s”") % {
                "header": raw["header"], "field": raw["field"]})
            continue
        position = raw.get("position", "first")
        if position not in POSITIONS:
            problems.append(_("column “%(header)s”: position is “first” or “last”, not "
                              "“%(position)s”") % {"header": raw["header"], "position": position})
            continue
        kind = raw.get("type", "text")
        if kind not in TYPES:
            problems.append(_("column “%(header)s”: unknown type “%(type)s”") % {
                "header": raw["header"], "type": kind})
            continue
        pattern = None
        if raw.get("pattern"):
            try:
                pattern = re.compile(raw["pattern"])
            except re.error as error:
                problems.append(_("column “%(header)s”: bad pattern: %(error)s") % {
                    "header": raw["header"], "error": error})
                continue
        columns.append(Column(
            header=str(raw["header"]), field=raw["field"],
            aliases=tuple(str(a) for a in raw.get("aliases") or ()),
            required=bool(raw.get("required")), type=kind,
            date_formats=tuple(raw.get("date_formats") or ("%d.%m.%Y", "%Y-%m-%d")),
            pattern=pattern,
            values={str(k): str(v) for k, v in raw["values"].items()} if raw.get("values")
            else None,
            position=position,
        ))
    constants = {str(k): str(v) for k, v in (data.get("constants") or {}).items()}
    for key in constants.keys() - TARGETS:
        problems.append(_("constant “%(field)s” is not a field") % {"field": key})
    covered = {c.field for c in columns} | set(constants)
    for target in sorted(REQUIRED_TARGETS - covered):
        problems.append(_("no column fills “%(field)s”") % {"field": target})
    categories = data.get("categories") or {}
    if problems:
        raise FormatError(_("The mapping %(where)s is wrong: %(problems)s.") % {
            "where": where or data.get("name", ""), "problems": "; ".join(problems)})
    return Format(
        name=str(data.get("name") or "mapped"), title=str(data.get("title") or ""),
        register=str(data.get("register") or data.get("title") or data.get("name") or ""),
        columns=columns, constants=constants, delimiter=data.get("delimiter"),
        default_category=str(categories.get("default", "")),
        category_prefixes={k: {str(p): str(s) for p, s in v.items()}
                           for k, v in categories.items() if isinstance(v, dict)},
        country=str(data.get("country", "")),
    )
