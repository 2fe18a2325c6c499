"""Each row of a catalogue checked by the register's own rules, without changing anything.

`check_rows` takes rows as dicts of column → text (from a file, or from any other reader of
an external register) and answers one `RowResult` per row: a new entry, an amendment of the
manufacturer's entry with that part number (and the fields it changes), unchanged, or errors
by column. The rules are those of the single application form (registry.proposals); this
module only turns cells into the proposal's shape and adds what only a file can get wrong:
a part number twice in the file, or one already in another application in progress.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from products.crossref import compatibility_of
from products.models import Category, Product, ProductStatus
from products.models.codes import compact_tnved

from .. import proposals
from ..models import Application, ApplicationKind, RowOutcome
from ..models.applications import OPEN_STATES
from .columns import BY_NAME, LIST_SEPARATOR, PART_SEPARATOR

IN_FORCE = [ProductStatus.REGISTERED, ProductStatus.SUSPENDED]
TEXT_COLUMNS = ["part_number", "name_ru", "name_en", "name_be", "description_ru",
                "description_en", "package", "okpd2_code", "origin_document_kind",
                "origin_document_number"]
_RU_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


@dataclass
class RowResult:
    line: int
    cells: dict
    outcome: str = RowOutcome.NEW
    proposal: dict | None = None
    product: Product | None = None
    changed: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # [{"column", "header", "message"}]

    def error(self, column, message, headers=None):
        header = (headers or {}).get(column) or (BY_NAME[column].label if column in BY_NAME
                                                 else "")
        self.errors.append({"column": column, "header": header, "message": str(message)})
        self.outcome = RowOutcome.ERROR


def check_rows(rows, manufacturer, headers=None, seen=None):
    """[RowResult] of [(line, {column: text})] for `manufacturer`; reads, never writes.
    `seen` ({part number: line}) carries the part numbers of earlier rows when a long file
    is checked in parts."""
    rows = list(rows)
    headers = headers or {}
    parts = {(cells.get("part_number") or "").strip() for _line, cells in rows} - {""}
    entries = {p.part_number: p for p in Product.objects.filter(
        manufacturer=manufacturer, part_number__in=parts, status__in=IN_FORCE
    ).select_related("category", "manufacturer")}
    busy_entries = dict(Application.objects.filter(
        product__in=list(entries.values()), state__in=OPEN_STATES).values_list("product_id", "pk"))
    busy_parts = {}
    for pk, part in Application.objects.filter(
            manufacturer=manufacturer, kind=ApplicationKind.INCLUDE, state__in=OPEN_STATES,
            proposal__part_number__in=sorted(parts)).values_list("pk", "proposal__part_number"):
        busy_parts.setdefault(part, pk)
    categories = _categories()
    seen = {} if seen is None else seen
    results = []
    for line, cells in rows:
        result = RowResult(line, dict(cells))
        part = (cells.get("part_number") or "").strip()
        if part and seen.get(part, line) != line:
            result.error("part_number", _("Part number %(part)s is also on row %(line)d; a "
                                          "part number may appear once in a batch.") % {
                "part": part, "line": seen[part]}, headers)
        seen.setdefault(part, line)
        entry = entries.get(part)
        if entry is not None and entry.pk in busy_entries:
            result.error("part_number", _(
                "Entry %(number)s (%(part)s) already has application No. %(application)06d in "
                "progress; finish or withdraw that one first.") % {
                    "number": entry.registry_number, "part": part,
                    "application": busy_entries[entry.pk]}, headers)
        elif entry is not None and entry.is_expired:
            result.error("part_number", _("The term of entry %(number)s has ended; apply to "
                                          "renew it first.") % {"number": entry.registry_number},
                         headers)
        elif entry is None and part in busy_parts:
            result.error("part_number", _(
                "Application No. %(number)06d to include this part number is already in "
                "progress.") % {"number": busy_parts[part]}, headers)
        if not result.errors:
            _check_one(result, cells, manufacturer, entry, categories, headers)
        results.append(result)
    return results


def _check_one(result, cells, manufacturer, entry, categories, headers):
    fragment = _fragment(result, cells, categories, headers)
    if result.errors:
        return
    if entry is None:
        data = proposals.empty()
        data.update(fragment)
        base = None
    else:
        base = proposals.of_entry(entry)
        data = {**base, **{k: v for k, v in fragment.items() if k != "parameters"}}
        if "parameters" in fragment:
            data["parameters"] = {**base.get("parameters", {}), **fragment["parameters"]}
    try:
        proposal = proposals.validate(data, manufacturer, entry)
    except ValidationError as error:
        for path, messages in error.message_dict.items():
            for message in messages:
                column, detail = _column_of(path)
                result.error(column, f"{detail}: {message}" if detail else message, headers)
        return
    result.proposal = proposal
    if entry is None:
        result.outcome = RowOutcome.NEW
        return
    result.product = entry
    result.changed = proposals.changed_sections(base, proposal)
    result.outcome = RowOutcome.AMEND if result.changed else RowOutcome.UNCHANGED


def _column_of(path):
    """(column, detail) of a validation path: "parameters.clock_mhz" → ("parameters",
    "clock_mhz"); "analogs.1.compatibility" → ("analogs", "2, compatibility")."""
    if path == NON_FIELD_ERRORS:
        return "part_number", ""
    head, _dot, rest = path.partition(".")
    if head not in BY_NAME:
        return "part_number", path
    if head == "parameters":
        return head, rest
    if rest:
        index, _dot, name = rest.partition(".")
        if index.isdigit():
            return head, ", ".join(p for p in (str(int(index) + 1), name) if p)
    return head, rest


def _categories():
    by_value = {}
    for slug, code in Category.objects.values_list("slug", "code"):
        by_value[slug.casefold()] = slug
        if code:
            by_value.setdefault(code.casefold(), slug)
    return by_value


def _fragment(result, cells, categories, headers):
    """What the row's non-empty cells say, in the proposal's shape."""
    data = {}
    for name in TEXT_COLUMNS:
        value = (cells.get(name) or "").strip()
        if value:
            data[name] = value
    if (cells.get("tnved_code") or "").strip():
        data["tnved_code"] = compact_tnved(cells["tnved_code"])
    category = (cells.get("category") or "").strip()
    if category:
        data["category"] = categories.get(category.casefold(), category)
    for name in ("origin_document_date", "origin_document_valid_until"):
        value = (cells.get(name) or "").strip()
        if value:
            data[name] = _date(value)
    if (cells.get("parameters") or "").strip():
        parameters = {}
        for item in _items(cells["parameters"]):
            key, sep, value = item.partition("=")
            if not sep or not key.strip():
                result.error("parameters", _("Write each parameter as key=value, separated by "
                                             "“;”: “%(item)s” is not.") % {"item": item},
                             headers)
                continue
            parameters[key.strip()] = value.strip()
        data["parameters"] = parameters
    if (cells.get("aliases") or "").strip():
        data["aliases"] = _items(cells["aliases"])
    if (cells.get("analogs") or "").strip():
        analogs = []
        for item in _items(cells["analogs"]):
            parts = [p.strip() for p in item.split(PART_SEPARATOR)] + ["", "", ""]
            level = compatibility_of(parts[2])
            analogs.append({"part_number": parts[0], "manufacturer_name": parts[1],
                            "compatibility": level or parts[2], "note": parts[3]})
        data["analogs"] = analogs
    return data


def _items(text):
    return [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]


def _date(value):
    """ISO dates as they are; 31.01.2026 (as Russian spreadsheets write it) as ISO; anything
    else as written, for the validation to refuse with its own message."""
    match = _RU_DATE.match(value)
    if match:
        try:
            return datetime.date(int(match[3]), int(match[2]), int(match[1])).isoformat()
        except ValueError:
            return value
    return value[:10] if re.match(r"^\d{4}-\d{2}-\d{2}[ T]00:00(:00)?$", value) else value
