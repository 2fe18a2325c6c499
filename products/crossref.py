"""Manufacturers' cross-reference tables: which foreign part each of their entries replaces.

A table (CSV or XLSX, read by the bill-of-materials reader with its limits) has a header row
naming its columns in Russian or English: the domestic part ("Тип", "Отечественный аналог"),
the foreign part ("Аналог", "Зарубежный аналог"), and optionally the compatibility
("Совместимость"), the note ("Примечание") and the foreign maker ("Фирма", "Manufacturer").

`check` reads every row against the manufacturer's entries in force (any spelling of their
part numbers or of their other spellings) and reports the rows it refuses with their line and
reason; `merge` says what a table's rows do to an entry's declared analogs. A table adds and
changes analogs; it never removes one (a table lists what it lists, not all that is known).
An empty compatibility cell declares the model's default, functional; an empty note or maker
cell keeps what the entry already says.
"""

import re
import secrets
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import gettext as _

from . import lookups, partnumbers  # noqa: F401  (lookups: any_of)
from .bom import PREVIEW_ROWS, STAGE_SECONDS, BomError, read_upload
from .models import ForeignAnalog, PartAlias, Product, ProductStatus
from .models.parts import Compatibility

IN_FORCE = [ProductStatus.REGISTERED, ProductStatus.SUSPENDED]
FOREIGN_MAX = ForeignAnalog._meta.get_field("part_number").max_length
NOTE_MAX = ForeignAnalog._meta.get_field("note").max_length
MAKER_MAX = ForeignAnalog._meta.get_field("manufacturer_name").max_length

# Header words of each column, tried in this order: a header says "аналог" in several
# columns ("Отечественный аналог", "Совместимость аналога", "Производитель аналога"), so the
# foreign part, which may be called just "Аналог", is tried last.
COLUMN_WORDS = (
    ("compatibility", ("совмест", "compatib", "соответств")),
    ("note", ("примеч", "note", "comment", "коммент", "remark")),
    ("domestic", ("отечеств", "domestic", "тип", "type", "изделие", "product")),
    ("maker", ("фирма", "производ", "manufacturer", "maker", "vendor", "brand")),
    ("foreign", ("зарубеж", "иностран", "foreign", "аналог", "analog", "equivalent",
                 "cross")),
)
REQUIRED_COLUMNS = ("domestic", "foreign")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,40}$")

# Spellings of the compatibility levels, compared without case, spaces, hyphens or dots.
COMPATIBILITY_WORDS = {
    Compatibility.PIN_TO_PIN: ("pintopin", "p2p", "pin2pin", "полный", "полная", "full",
                               "прямой", "прямая", "direct", "dropin"),
    Compatibility.FUNCTIONAL: ("функциональный", "функциональная", "функц", "functional",
                               "function"),
    Compatibility.PARAMETRIC: ("параметрический", "параметрическая", "попараметрам", "парам",
                               "parametric", "param"),
}


class CrossrefError(Exception):
    """A file that cannot be read as a cross-reference table; the message says why."""


@dataclass
class TableRow:
    line: int
    domestic: str
    foreign: str
    compatibility: str
    note: str
    maker: str

    def as_dict(self):
        return {"line": self.line, "domestic": self.domestic, "foreign": self.foreign,
                "compatibility": self.compatibility, "note": self.note, "maker": self.maker}


@dataclass
class Problem:
    line: int
    message: str


@dataclass
class Checked:
    """A table checked against one manufacturer's entries."""

    problems: list
    rows_by_entry: dict  # Product -> [TableRow], rows that passed
    row_count: int

    @property
    def valid_row_count(self):
        return sum(len(rows) for rows in self.rows_by_entry.values())

    def drop(self, product, message):
        """Refuse every row of an entry (the register has a reason the table cannot know)."""
        for row in self.rows_by_entry.pop(product, []):
            self.problems.append(Problem(row.line, message))
        self.problems.sort(key=lambda p: p.line)


@dataclass
class EntryChanges:
    """What a table does to one entry's analogs: the list after, and each row's effect."""

    product: Product
    analogs: list
    rows: list = field(default_factory=list)  # the table's rows about the entry
    added: list = field(default_factory=list)
    changed: list = field(default_factory=list)  # (before, after)
    unchanged: list = field(default_factory=list)

    @property
    def changes_anything(self):
        return bool(self.added or self.changed)


# --- Reading ------------------------------------------------------------------------------------

def read_table(upload):
    """[TableRow] of an uploaded table, or CrossrefError saying what is wrong with the file."""
    try:
        rows = read_upload(upload)
    except BomError as error:
        raise CrossrefError(str(error)) from error
    return rows_of(rows)


def rows_of(rows):
    """[TableRow] below the header of [(line, cells)]."""
    header_index, columns = _find_header(rows)

    def cell(cells, name):
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    table = [TableRow(number, **{name: cell(cells, name) for name, _w in COLUMN_WORDS})
             for number, cells in rows[header_index + 1:]]
    table = [row for row in table if row.domestic or row.foreign]
    if not table:
        raise CrossrefError(_("The table has a header but no rows below it."))
    return table


def _find_header(rows):
    for index, (_number, cells) in enumerate(rows[:PREVIEW_ROWS]):
        columns = _columns(cells)
        if all(name in columns for name in REQUIRED_COLUMNS):
            return index, columns
    raise CrossrefError(_(
        "No header row names the columns. The table needs a column of the domestic part "
        "(“Тип”, “Отечественный аналог” or “Domestic part”) and one of the foreign part "
        "(“Аналог”, “Зарубежный аналог” or “Foreign part”); “Совместимость” (compatibility) "
        "and “Примечание” (note) are optional."))


def _columns(cells):
    columns = {}
    for index, cell in enumerate(cells):
        text = cell.casefold()
        for name, words in COLUMN_WORDS:
            if any(word in text for word in words):
                columns.setdefault(name, index)
                break
    return columns


def compatibility_of(value):
    """The Compatibility a cell names, the default for an empty one, None for anything else."""
    text = "".join(ch for ch in value.casefold() if ch.isalnum())
    if not text:
        return Compatibility.FUNCTIONAL
    for level, words in COMPATIBILITY_WORDS.items():
        if any(text == word or (len(word) > 4 and text.startswith(word)) for word in words):
            return level
    return None


# --- Checking against the register --------------------------------------------------------------

def check(table, manufacturer):
    """Every row checked; the passing ones grouped by the entry they name."""
    entries = _entries_by_key(manufacturer, {row.domestic for row in table if row.domestic})
    problems, by_entry, seen = [], {}, {}
    for row in table:
        message, product = _row_problem(row, entries, manufacturer)
        if message is None:
            key = (product.pk, partnumbers.plain(row.foreign))
            if key in seen:
                message = _("This foreign part is already listed for %(part)s on line "
                            "%(line)d.") % {"part": product.part_number, "line": seen[key]}
            seen.setdefault(key, row.line)
        if message is None:
            row.compatibility = compatibility_of(row.compatibility)
            by_entry.setdefault(product, []).append(row)
        else:
            problems.append(Problem(row.line, message))
    return Checked(problems, by_entry, len(table))


def _row_problem(row, entries, manufacturer):
    if not row.domestic:
        return _("The domestic part is missing."), None
    matches = _match(row.domestic, entries)
    if not matches:
        return _("%(part)s is not an entry of %(maker)s in force in the register.") % {
            "part": row.domestic, "maker": manufacturer}, None
    if len(matches) > 1:
        return _("%(part)s matches several entries (%(numbers)s); write the part number as "
                 "registered.") % {"part": row.domestic, "numbers": ", ".join(
                     sorted(p.registry_number for p in matches))}, None
    if not row.foreign:
        return _("The foreign part is missing."), None
    if len(row.foreign) > FOREIGN_MAX:
        return _("The foreign part is longer than %(n)d characters.") % {"n": FOREIGN_MAX}, None
    if compatibility_of(row.compatibility) is None:
        return _("“%(value)s” is not a compatibility the register knows; write pin-to-pin "
                 "(полный), functional (функциональный) or parametric (параметрический).") % {
                     "value": row.compatibility}, None
    if len(row.note) > NOTE_MAX:
        return _("The note is longer than %(n)d characters.") % {"n": NOTE_MAX}, None
    if len(row.maker) > MAKER_MAX:
        return _("The foreign maker is longer than %(n)d characters.") % {"n": MAKER_MAX}, None
    return None, matches[0]


def _entries_by_key(manufacturer, spellings):
    """{key: {Product}} of the manufacturer's entries in force that any spelling may name,
    through their part numbers and other spellings (two queries)."""
    keys = set()
    for spelling in spellings:
        part = partnumbers.PartKeys.of(spelling)
        keys |= part.exact | {part.skeleton} - {""}
    if not keys:
        return {}
    keys = sorted(keys)
    key_match = (Q(key_lookalike__any_of=keys) | Q(key_translit__any_of=keys)
                 | Q(key_skeleton__any_of=keys))
    entries = Product.objects.filter(manufacturer=manufacturer, status__in=IN_FORCE)
    by_key = {}
    products = {p.pk: p for p in entries.filter(key_match)}
    aliases = PartAlias.objects.filter(key_match, product__manufacturer=manufacturer,
                                       product__status__in=IN_FORCE).select_related("product")
    for alias in aliases:
        products.setdefault(alias.product_id, alias.product)
        _index(by_key, alias, products[alias.product_id])
    for product in products.values():
        _index(by_key, product, product)
    return by_key


def _index(by_key, keyed, product):
    for kind, key in (("exact", keyed.key_lookalike), ("exact", keyed.key_translit),
                      ("skeleton", keyed.key_skeleton)):
        by_key.setdefault((kind, key), set()).add(product)


def _match(spelling, entries):
    """The entries a spelling names: exactly if any, else by the looser skeleton key."""
    keys = partnumbers.PartKeys.of(spelling)
    exact = set().union(*(entries.get(("exact", key), set()) for key in keys.exact))
    if exact:
        return list(exact)
    return list(entries.get(("skeleton", keys.skeleton), set()))


# --- What a table does to an entry --------------------------------------------------------------

def merge(product, current, rows):
    """EntryChanges of `rows` on the `current` analogs ([{part_number, manufacturer_name,
    compatibility, note}]): a foreign part already declared (in any spacing or case) keeps its
    spelling and takes the table's compatibility and, when given, its note and maker."""
    analogs = [dict(analog) for analog in current]
    by_key = {partnumbers.plain(a["part_number"]): a for a in analogs}
    changes = EntryChanges(product, analogs, list(rows))
    for row in rows:
        existing = by_key.get(partnumbers.plain(row.foreign))
        if existing is None:
            added = {"part_number": row.foreign, "manufacturer_name": row.maker,
                     "compatibility": row.compatibility, "note": row.note}
            analogs.append(added)
            by_key[partnumbers.plain(row.foreign)] = added
            changes.added.append(added)
            continue
        before = dict(existing)
        existing["compatibility"] = row.compatibility
        existing["note"] = row.note or existing["note"]
        existing["manufacturer_name"] = row.maker or existing["manufacturer_name"]
        if existing == before:
            changes.unchanged.append(existing)
        else:
            changes.changed.append((before, existing))
    return changes


def current_analogs(products):
    """{product pk: [analog dicts]} of several entries in one query."""
    found = {product.pk: [] for product in products}
    for analog in ForeignAnalog.objects.filter(product__in=list(found)).order_by("pk"):
        found[analog.product_id].append({
            "part_number": analog.part_number, "manufacturer_name": analog.manufacturer_name,
            "compatibility": analog.compatibility, "note": analog.note})
    return found


def changes_of(checked):
    """[EntryChanges] for every entry a checked table names, in part-number order."""
    current = current_analogs(checked.rows_by_entry)
    return sorted((merge(product, current[product.pk], rows)
                   for product, rows in checked.rows_by_entry.items()),
                  key=lambda c: c.product.part_number)



# --- Kept between the preview and the submission -------------------------------------------------

def stage(table, **about):
    """Keep a read table in the cache (never the database) under an unguessable token."""
    token = secrets.token_urlsafe(18)
    cache.set(f"crossref:{token}", {**about, "rows": [row.as_dict() for row in table]},
              STAGE_SECONDS)
    return token


def staged(token):
    """(the staged data, [TableRow]) for `token`, or None when unknown or expired."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None
    data = cache.get(f"crossref:{token}")
    if data is None:
        return None
    return data, [TableRow(**row) for row in data["rows"]]


def unstage(token):
    cache.delete(f"crossref:{token}")
