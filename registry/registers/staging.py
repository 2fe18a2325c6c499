"""Staging: every row of a register's file mapped by its format, checked by the models' own
validation, matched to its manufacturer (INN, OGRN, UNP; the name where the register gives no
number) and compared with the entry imported from the same record before.

Each row ends as one outcome: added (a record the register does not have yet), changed (the
record's data differs from its entry), unchanged, or error (with the column and the message);
entries of the register whose records the file no longer lists are gone. Rows to apply are
spooled to a temporary file and the report is written as it goes, so memory does not grow
with the file (beyond the record numbers seen, which duplicates are found by).
"""

from __future__ import annotations

import csv
import gzip
import io
import pickle
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from manufacturers import identifiers
from manufacturers.models import Country, Manufacturer
from products.models import Category, Product, ProductStatus

from ..proposals.text import TextError, clean_text
from ..workflow import rights
from .formats import Format, ValueProblem
from .reading import FileProblem, Opened, header_name

ADDED, CHANGED, UNCHANGED, GONE, ERROR = "added", "changed", "unchanged", "gone", "error"
ALREADY = "already_registered"
NEW_MANUFACTURER, MATCHED_BY_NAME = "new_manufacturer", "matched_by_name"
REPORT_HEADER = ["row", "record_number", "outcome", "registry_number", "column", "message"]
IN_FORCE = (ProductStatus.REGISTERED, ProductStatus.SUSPENDED)
# The entry's fields a register's row fills (when its format has a column or a constant for
# them); a later file of the same register is compared with the entry on these.
ENTRY_FIELDS = ["part_number", "name_ru", "name_en", "package", "tnved_code", "okpd2_code",
                "origin_document_kind", "origin_document_number", "origin_document_date",
                "origin_document_valid_until"]
IDENTIFIER_FIELDS = {"part_number", "tnved_code", "okpd2_code", "origin_document_number"}
PROGRESS_EVERY = 10_000


@dataclass
class StagedRow:
    """A row to apply: its entry's values, its manufacturer, and for a change what differs."""

    row: int
    record: str
    outcome: str
    values: dict[str, Any]
    category_id: int
    maker_pk: int | None = None
    maker_key: tuple | None = None
    product_pk: int | None = None
    registry_number: str = ""
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)


@dataclass
class NewMaker:
    """A manufacturer the register lists and the register here does not have yet."""

    key: tuple
    fields: dict[str, str]
    row: int
    record: str
    rows: int = 0


class Report:
    """The per-row report as CSV, gzip-compressed as it is written."""

    def __init__(self):
        self.buffer = io.BytesIO()
        self._gzip = gzip.GzipFile(fileobj=self.buffer, mode="wb")
        self._text = io.TextIOWrapper(self._gzip, encoding="utf-8", newline="")
        self._writer = csv.writer(self._text)
        self._writer.writerow(REPORT_HEADER)

    def line(self, row, record, outcome, registry_number="", column="", message=""):
        self._writer.writerow([row, record, outcome, registry_number, column, message])

    def close(self) -> bytes:
        self._text.flush()
        self._text.detach()
        self._gzip.close()
        return self.buffer.getvalue()


@dataclass
class Staging:
    """The outcome of staging one file, and what applying it needs."""

    format: Format
    report: Report
    spool: Any  # the temporary file of pickled StagedRows
    new_makers: dict[tuple, NewMaker]
    rows: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        [ADDED, CHANGED, UNCHANGED, GONE, ERROR, ALREADY], 0))
    seconds: float = 0.0

    def close(self) -> None:
        self.spool.close()

    def staged(self) -> Iterator[StagedRow]:
        self.spool.seek(0)
        while True:
            try:
                yield pickle.load(self.spool)
            except EOFError:
                return


class _Makers:
    """The manufacturers known, by identifier and by name, read once."""

    def __init__(self, actor):
        self.actor = actor
        self.by: dict[str, dict[tuple, Manufacturer]] = {
            "inn": {}, "ogrn": {}, "unp": {}, "name": {}}
        for maker in Manufacturer.objects.all():
            for kind in ("inn", "ogrn", "unp"):
                if getattr(maker, kind):
                    self.by[kind][(maker.country, getattr(maker, kind))] = maker
            for name in (maker.name_ru, maker.short_name_ru):
                for key in _name_keys(name):
                    self.by["name"].setdefault((maker.country, key), maker)
        self.refusals: dict[Any, str | None] = {}
        self.by_name: dict[int, str] = {}  # makers found by their name: pk → name in the file

    def find(self, country, numbers, name):
        """(maker or None, message of a conflict or None)."""
        found = {kind: self.by[kind].get((country, value))
                 for kind, value in numbers.items() if value}
        makers = {m.pk: m for m in found.values() if m is not None}
        if len(makers) > 1:
            return None, _("The identifiers name different manufacturers: %(makers)s.") % {
                "makers": ", ".join(sorted(str(m) for m in makers.values()))}
        if makers:
            return next(iter(makers.values())), None
        for key in _name_keys(name):
            maker = self.by["name"].get((country, key))
            if maker is not None and all(not getattr(maker, k) for k in numbers if numbers[k]):
                # The register here has no number for it; the name matches: said in the report.
                self.by_name.setdefault(maker.pk, name)
                return maker, None
        return None, None

    def refusal(self, maker) -> str | None:
        """Why the actor may not register entries of `maker` (cached per maker)."""
        if maker.pk not in self.refusals:
            message = None
            try:
                if self.actor is not None:  # a dry run without --as checks no rights
                    rights.require_registrar(self.actor, maker)
                rights.require_admitted(maker)
            except Exception as error:  # NotAllowed / TransitionError: a message to report
                message = str(error)
            self.refusals[maker.pk] = message
        return self.refusals[maker.pk]

    def refusal_for_new(self, country) -> str | None:
        key = ("new", country)
        if self.actor is None:
            return None
        if key not in self.refusals:
            refusal = rights.registrar_refusal(
                Manufacturer(country=country, short_name_ru=country), rights.is_registrar(
                    self.actor), None,
                rights.deciding_state(self.actor) if rights.is_registrar(self.actor) else None)
            self.refusals[key] = str(refusal) if refusal else None
        return self.refusals[key]


# Legal forms, written out or abbreviated, are left out when names are compared.
_LEGAL_FORMS = re.compile(
    r"^(?:(?:открытое|закрытое|публичное|непубличное)\s+)?акционерное\s+общество\s+|"
    r"^общество\s+с\s+ограниченной\s+ответственностью\s+|^(?:ао|оао|зао|пао|ооо)\s+")


def _name_key(name: str) -> str:
    return " ".join((name or "").replace("«", " ").replace("»", " ").replace('"', " ")
                    .casefold().split())


def _name_keys(name: str) -> list[str]:
    """The ways a maker's name is compared, closest first: the whole name, the name without
    its legal form ("АО «ПКК Миландр»" = "Акционерное общество «ПКК Миландр»"), and what stands
    in its first quotes ("АО НПЦ «ЭЛВИС»" = "… Научно-производственный центр «ЭЛВИС»")."""
    whole = _name_key(name)
    keys = [whole, _LEGAL_FORMS.sub("", whole)]
    match = re.search(r"«([^«»]+)»", name or "")
    if match:
        keys.append(_name_key(match.group(1)))
    return [key for key in dict.fromkeys(keys) if key]


def stage(opened: Opened, fmt: Format, actor, *, progress=None) -> Staging:
    """Stage every row of `opened`; FileProblem if the file as a whole cannot be used."""
    started = time.monotonic()
    positions = _positions(opened.header, fmt, opened.header_row, opened.kind)
    header_of: dict[str, str] = {}
    for column in fmt.columns:
        header_of.setdefault(column.field, column.header)
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by Staging.close()
    staging = Staging(fmt, Report(), spool, {})
    makers = _Makers(actor)
    categories: dict[str, Category | None] = {}
    identifier_checks: dict[tuple, str | None] = {}
    twins_of: dict[int, dict[str, tuple]] = {}
    existing = {row["source_record_number"]: row for row in Product.objects.filter(
        source_register=fmt.name).values("pk", "source_record_number", "registry_number",
                                         "status", "manufacturer_id", "source_valid_until",
                                         *ENTRY_FIELDS)}
    seen_records: dict[str, int] = {}
    seen_parts: dict[tuple, int] = {}
    today = timezone.localdate()
    filled = fmt.targets
    compared = [name for name in ENTRY_FIELDS if name in filled]

    product = Product()
    blank = {name: getattr(product, name) for name in ENTRY_FIELDS}
    all_fields = [f.name for f in Product._meta.fields]
    for number, cells in opened.rows:
        if not any(c not in (None, "") and str(c).strip() for c in cells):
            continue  # an empty line
        staging.rows += 1
        if progress is not None and staging.rows % PROGRESS_EVERY == 0:
            progress(staging.rows, time.monotonic() - started)
        errors: list[tuple[str | None, str]] = []  # (column, message)
        values: dict[str, Any] = {}
        for column, index in positions:
            raw = cells[index] if index < len(cells) else None
            try:
                value = column.read(raw)
            except ValueProblem as problem:
                errors.append((column.header, str(problem)))
                continue
            if column.required and value in ("", None):
                errors.append((column.header, _("This column is required; the cell is empty.")))
            if value not in ("", None) or column.field not in values:
                values[column.field] = value
        for name, value in fmt.constants.items():
            if values.get(name) in ("", None):
                values[name] = value
        record = str(values.get("record_number") or "")

        # The manufacturer: its identifiers checked, then found or to be admitted.
        country = values.get("manufacturer_country") or fmt.country
        if country not in Country.values:
            errors.append((header_of.get("manufacturer_country", "manufacturer_country"),
                           _("The manufacturer's country must be Russia or Belarus.")))
            country = ""
        numbers = {kind: values.get(f"manufacturer_{kind}") or "" for kind in
                   ("inn", "ogrn", "unp")}
        numbers_from = {kind: header_of.get(f"manufacturer_{kind}", kind) for kind in numbers}
        tax_id = values.get("manufacturer_tax_id") or ""
        if tax_id and country:
            kind = "inn" if country == Country.RUSSIA else "unp"
            numbers[kind] = numbers[kind] or tax_id
            numbers_from[kind] = header_of.get("manufacturer_tax_id", kind)
        for kind, value in numbers.items():
            if not value:
                continue
            key = (kind, value)
            if key not in identifier_checks:
                try:
                    identifiers.IdentifierValidator(kind)(value)
                    identifier_checks[key] = None
                except ValidationError as error:
                    identifier_checks[key] = error.messages[0]
            invalid = identifier_checks[key]
            if invalid:
                errors.append((numbers_from[kind], invalid))
        maker, new_key = None, None
        name = values.get("manufacturer_name") or ""
        if country and name and not errors:
            maker, conflict = makers.find(country, numbers, name)
            if conflict:
                errors.append((numbers_from["inn"], conflict))
            elif maker is not None:
                refusal = makers.refusal(maker)
                if refusal:
                    errors.append((header_of.get("manufacturer_name"), refusal))
            else:
                first = next((k for k in ("inn", "ogrn", "unp") if numbers[k]), None)
                new_key = (country, first, numbers[first]) if first else (country, "name",
                                                                          _name_key(name))
                refusal = makers.refusal_for_new(country)
                if refusal:
                    errors.append((header_of.get("manufacturer_name"), refusal))
                elif new_key not in staging.new_makers:
                    unfit = _new_maker(staging, new_key, country, name, numbers, values,
                                       number, record)
                    if unfit:
                        errors.append((header_of.get("manufacturer_name"), unfit))

        # The category, by the row's codes and the format's table.
        slug = fmt.category_for(values)
        if slug not in categories:
            categories[slug] = Category.objects.filter(slug=slug).first() if slug else None
        category = categories[slug]
        if category is None:
            errors.append((header_of.get("category", _("category")), _(
                "There is no category “%(slug)s” in the register; the mapping names it.") % {
                "slug": slug}))

        # The entry, checked by the model's own validation.
        entry_values = {name: values[name] for name in ENTRY_FIELDS if name in values}
        for name, value in list(entry_values.items()):
            if isinstance(value, str):
                try:
                    entry_values[name] = clean_text(value, identifier=name in IDENTIFIER_FIELDS)
                except TextError as error:
                    errors.append((header_of.get(name, name), str(error)))
        # One instance, refilled for each row: building a model instance costs more than
        # checking it.
        # None while the maker is still to be admitted, or the category is missing.
        product.manufacturer = maker  # type: ignore[assignment]
        product.category = category  # type: ignore[assignment]
        for name in ENTRY_FIELDS:
            setattr(product, name, entry_values.get(name) or blank[name])
        product.valid_until = values.get("valid_until") or None
        checked = set(entry_values) | {"valid_until"}
        exclude = [name for name in all_fields if name not in checked]
        try:
            product.full_clean(exclude=exclude, validate_unique=False,
                               validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    errors.append((header_of.get(name, name), message))
        for name in entry_values:
            entry_values[name] = getattr(product, name)  # as cleaned (TN VED compacted)
        valid_until = values.get("valid_until") or None
        if valid_until and valid_until < today:
            errors.append((header_of.get("valid_until"), _(
                "The record's term ended on %(date)s; a lapsed record is not imported.") % {
                "date": valid_until.isoformat()}))

        # Duplicates within the file.
        if record:
            if record in seen_records:
                errors.append((header_of.get("record_number"), _(
                    "Record number %(record)s is also on row %(row)d; each record once.") % {
                    "record": record, "row": seen_records[record]}))
            else:
                seen_records[record] = number
        part = entry_values.get("part_number") or ""
        maker_ref = maker.pk if maker is not None else new_key
        if part and maker_ref is not None:
            part_key = (maker_ref, part)
            if part_key in seen_parts:
                errors.append((header_of.get("part_number"), _(
                    "Part number %(part)s of this manufacturer is also on row %(row)d.") % {
                    "part": part, "row": seen_parts[part_key]}))
            else:
                seen_parts[part_key] = number

        current = existing.get(record)
        # Registered already, but not from this record: the register has one entry per part.
        if maker is not None and part and not errors:
            if maker.pk not in twins_of:
                twins_of[maker.pk] = {
                    p: (n, s, r) for p, n, s, r in Product.objects.filter(
                        manufacturer=maker, status__in=IN_FORCE).values_list(
                        "part_number", "registry_number", "source_register",
                        "source_record_number")}
            twin = twins_of[maker.pk].get(part)
            if twin is not None and (twin[1], twin[2]) != (fmt.name, record):
                # Not an error of the file: the register has the product already (through an
                # application, or another register's record). Reported, left as it is.
                staging.counts[ALREADY] += 1
                staging.report.line(number, record, ALREADY, twin[0],
                                    header_of.get("part_number", ""), _(
                    "%(part)s of this manufacturer is already registered as %(number)s; it is "
                    "not registered twice.") % {"part": part, "number": twin[0]})
                continue

        if errors:
            staging.counts[ERROR] += 1
            for header, message in errors:
                staging.report.line(number, record, ERROR,
                                    current["registry_number"] if current else "",
                                    header or "", message)
            continue

        values_out = {**entry_values, "valid_until": valid_until,
                      "record_date": values.get("record_date") or None}
        if current is None:
            outcome, changes = ADDED, {}
        else:
            changes = {name: (current[name], entry_values[name]) for name in compared
                       if name in entry_values and current[name] != entry_values[name]}
            if current["source_valid_until"] != valid_until:
                changes["valid_until"] = (current["source_valid_until"], valid_until)
            if current["manufacturer_id"] != getattr(maker, "pk", None):
                staging.counts[ERROR] += 1
                staging.report.line(number, record, ERROR, current["registry_number"],
                                    header_of.get("manufacturer_name", ""), _(
                                        "The record now names another manufacturer than its "
                                        "entry; the registrar decides (nothing is changed)."))
                continue
            if not changes:
                staging.counts[UNCHANGED] += 1
                continue
            if current["status"] not in IN_FORCE:
                staging.counts[ERROR] += 1
                staging.report.line(number, record, ERROR, current["registry_number"], "", _(
                    "The record changed, but its entry is %(status)s and is not corrected.") % {
                    "status": ProductStatus(current["status"]).label})
                continue
            outcome = CHANGED
        assert category is not None  # a row without one has an error
        staging.counts[outcome] += 1
        if new_key is not None:
            staging.new_makers[new_key].rows += 1
        pickle.dump(StagedRow(number, record, outcome, values_out, category.pk,
                              maker_pk=getattr(maker, "pk", None), maker_key=new_key,
                              product_pk=current["pk"] if current else None,
                              registry_number=current["registry_number"] if current else "",
                              changes=changes),
                    staging.spool)

    # Entries of this register whose records the file no longer lists: for the registrar.
    for record, current in existing.items():
        if record not in seen_records and current["status"] in IN_FORCE:
            staging.counts[GONE] += 1
            staging.report.line("", record, GONE, current["registry_number"], "", _(
                "The register no longer lists this record; the entry is left as it is for the "
                "registrar to decide."))
    for pk, name in makers.by_name.items():
        maker = next(m for m in makers.by["name"].values() if m.pk == pk)
        staging.report.line("", "", MATCHED_BY_NAME, "", "", _(
            "“%(name)s” in the file is taken to be %(maker)s by its name (the register has no "
            "INN, OGRN or UNP for it). Check it.") % {"name": name, "maker": maker.name_ru})
    for maker in staging.new_makers.values():
        if not maker.rows:
            continue  # every row naming it has an error: nothing would admit it
        staging.report.line(maker.row, maker.record, NEW_MANUFACTURER, "", "", _(
            "%(name)s is not in the register; it is admitted from this record (%(numbers)s). "
            "Check its data.") % {"name": maker.fields["name_ru"], "numbers": ", ".join(
                f"{k.upper()} {maker.fields[k]}" for k in ("inn", "ogrn", "unp")
                if maker.fields.get(k)) or _("no identifiers")})
    staging.seconds = time.monotonic() - started
    return staging


def _positions(header: list[str], fmt: Format, header_row: int = 1, kind: str = "csv"):
    """(column, index in the row) for each column of the format; FileProblem when a required
    column is missing (for JSON: a field no record has). A column takes the first header cell
    bearing its name (its own before its aliases), or with position "last" the last cell
    bearing any of them."""
    indexes: dict[str, list[int]] = {}
    for index, name in enumerate(header):
        indexes.setdefault(header_name(name), []).append(index)
    positions, missing = [], []
    for column in fmt.columns:
        found = [indexes[header_name(n)] for n in column.names() if header_name(n) in indexes]
        if found:
            index = max(max(i) for i in found) if column.position == "last" else found[0][0]
            positions.append((column, index))
        elif column.required:
            missing.append(column.header)
    if missing and kind == "json":
        raise FileProblem(_("No record of the file has the required field(s) %(missing)s of "
                            "the %(format)s format; the records have: %(found)s.") % {
            "missing": ", ".join(f"“{m}”" for m in dict.fromkeys(missing)),
            "format": fmt.name, "found": ", ".join(f"“{h}”" for h in header if h) or "—"})
    if missing:
        raise FileProblem(_("Row %(row)d (the header) lacks the required column(s) "
                            "%(missing)s of the %(format)s format; found: %(found)s. If the "
                            "names look garbled, the file may be in an encoding other than "
                            "UTF-8 or cp1251.") % {
            "row": header_row, "missing": ", ".join(f"“{m}”" for m in dict.fromkeys(missing)),
            "format": fmt.name, "found": ", ".join(f"“{h}”" for h in header if h) or "—"})
    return positions


def _new_maker(staging, key, country, name, numbers, values, row, record) -> str | None:
    """Validate the manufacturer a row names (once per manufacturer); a message if it cannot
    be admitted as the register gives it."""
    short = values.get("manufacturer_short_name") or _short_name(name)
    fields = {"name_ru": name[:300], "short_name_ru": short[:100], "country": country,
              "address": (values.get("manufacturer_address") or "")[:500],
              **{k: v for k, v in numbers.items() if v}}
    maker = Manufacturer(slug="new", **fields)
    try:
        maker.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
    staging.new_makers[key] = NewMaker(key, fields, row, record)
    return None


def _short_name(name: str) -> str:
    """"АО «Группа Кремний ЭЛ»" → "Группа Кремний ЭЛ": what stands in the first quotes."""
    match = re.search(r"«([^«»]+)»", name)
    return match.group(1).strip() if match else name


def print_progress(stream=None):
    stream = stream or sys.stderr

    def progress(rows: int, seconds: float) -> None:
        stream.write(_("… %(rows)d rows staged (%(seconds).1f s)") % {
            "rows": rows, "seconds": seconds} + "\n")
        stream.flush()

    return progress


__all__ = ["FileProblem", "Staging", "stage"]
