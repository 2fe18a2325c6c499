"""Writing records into `ForeignPart`: in batches, and only what changed.

Records come in batches as they are read. On PostgreSQL each batch is COPYed into a temporary
table and merged by one INSERT … ON CONFLICT (part_number) DO UPDATE … WHERE changed while the
next batch is being read; elsewhere (and for a dry run) all batches are gathered first and
compared row by row. Either way importing the same files again writes nothing and says so.
"""

import json
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from ..models import Category, ForeignPart, ParameterTemplate
from ..models.foreign import catalogue_keys
from .ahead import read_ahead
from .records import Problem

BATCH = 2000
COMPARED = ("ordering_pattern", "maker", "category_id", "package", "pin_count", "parameters",
            "description", "keywords", "datasheet", "source")
WRITTEN = (*COMPARED, "key_lookalike", "key_skeleton", "key_family", "updated_at")
LIMITS = {"part_number": 100, "ordering_pattern": 100, "maker": 200, "package": 60,
          "keywords": 300, "source": 200}
MAX_PINS = 32767


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    repeated: int = 0
    problems: list = field(default_factory=list)

    @property
    def written(self):
        return self.created + self.updated


class Catalogue:
    """Category slugs and the parameter keys each category carries (its own and its ancestors')."""

    def __init__(self):
        self.ids, self.keys = {}, {}
        own = {}
        for template in ParameterTemplate.objects.values("category_id", "key"):
            own.setdefault(template["category_id"], set()).add(template["key"])
        paths = dict(Category.objects.values_list("slug", "path"))
        ids = dict(Category.objects.values_list("slug", "id"))
        for slug, path in paths.items():
            self.ids[slug] = ids[slug]
            keys = set()
            for ancestor in filter(None, path.split("/")):
                keys |= own.get(ids.get(ancestor), set())
            self.keys[slug] = keys

    @property
    def all_keys(self):
        return frozenset().union(*self.keys.values()) if self.keys else frozenset()


def write(batches, catalogue=None, dry_run=False):
    """Store the records of `batches` (lists of records; a later record with the same part
    number wins over an earlier one)."""
    catalogue = catalogue or Catalogue()
    outcome = Outcome()
    unknown_categories = Counter()
    with transaction.atomic():
        if connection.vendor == "postgresql" and not dry_run:
            _stream(batches, catalogue, outcome, unknown_categories)
        else:
            wanted, read = {}, 0
            for batch in batches:
                read += len(batch)
                _add_rows(batch, wanted, catalogue, outcome, unknown_categories)
            outcome.repeated = read - len(outcome.problems) - len(wanted)
            _write_gathered(wanted, outcome, dry_run)
    for slug, count in unknown_categories.items():
        outcome.problems.append(Problem(
            f"category {slug}", f"not in the register; {count} part(s) stored without a category"))
    return outcome


def _add_rows(records, wanted, catalogue, outcome, unknown_categories):
    for record in records:
        row = _row(record, catalogue, outcome, unknown_categories)
        if row is not None:
            wanted[record.part_number] = row


def _write_gathered(wanted, outcome, dry_run):
    if connection.vendor == "postgresql":  # a dry run: count what a write would change
        with connection.cursor() as cursor:
            _copy(cursor, _copy_text(wanted))
            cursor.execute(_COUNT)
            outcome.created, outcome.updated = cursor.fetchone()
            outcome.unchanged = len(wanted) - outcome.created - outcome.updated
            _drop(cursor)
        return
    names = list(wanted)
    for start in range(0, len(names), BATCH):
        _write_batch({n: wanted[n] for n in names[start:start + BATCH]}, outcome, dry_run)


def _row(record, catalogue, outcome, unknown_categories):
    """The COMPARED values of one record, in that order, or None when it cannot be stored."""
    if not record.part_number or len(record.part_number) > LIMITS["part_number"]:
        outcome.problems.append(Problem(record.source, f"part number {record.part_number!r} is "
                                                       f"empty or longer than 100 characters"))
        return None
    category_id = catalogue.ids.get(record.category) if record.category else None
    parameters = record.parameters
    if record.category and category_id is None:
        unknown_categories[record.category] += 1
    elif category_id is not None:
        allowed = catalogue.keys[record.category]
        if not parameters.keys() <= allowed:
            parameters = {k: v for k, v in parameters.items() if k in allowed}
    datasheet = record.datasheet if len(record.datasheet) <= 500 else ""
    pins = record.pin_count if record.pin_count and 0 < record.pin_count <= MAX_PINS else None
    return (record.ordering_pattern[:LIMITS["ordering_pattern"]], record.maker[:LIMITS["maker"]],
            category_id, record.package[:LIMITS["package"]], pins, parameters,
            record.description, record.keywords[:LIMITS["keywords"]], datasheet,
            record.source[:LIMITS["source"]])


COLUMNS = ("part_number", "key_lookalike", "key_skeleton", "key_family", *COMPARED)
_TABLE = ForeignPart._meta.db_table
_COMPARED_COLUMNS = [ForeignPart._meta.get_field(name).column for name in COMPARED]
_OLD = ", ".join(f"t.{column}" for column in _COMPARED_COLUMNS)
_IMPORTED = ", ".join(f"i.{column}" for column in _COMPARED_COLUMNS)
_MERGE = """
WITH merged AS (
    INSERT INTO {table} AS t ({columns}, updated_at)
    SELECT {columns}, %(now)s FROM foreign_import
    ON CONFLICT (part_number) DO UPDATE SET {updates}, updated_at = EXCLUDED.updated_at
    WHERE ({old}) IS DISTINCT FROM ({new})
    RETURNING part_number, (xmax = 0) AS created
), kept AS (
    INSERT INTO foreign_original (part_number, {compared})
    SELECT t.part_number, {old} FROM merged m JOIN {table} t ON t.part_number = m.part_number
    WHERE NOT m.created
)
SELECT count(*) FILTER (WHERE created), count(*) FILTER (WHERE NOT created) FROM merged
""".format(table=_TABLE, columns=", ".join(COLUMNS), old=_OLD,
           compared=", ".join(_COMPARED_COLUMNS),
           new=", ".join(f"EXCLUDED.{column}" for column in _COMPARED_COLUMNS),
           updates=", ".join(f"{column} = EXCLUDED.{column}" for column in COLUMNS[1:]))
_COUNT = f"""
SELECT count(*) FILTER (WHERE t.id IS NULL),
       count(*) FILTER (WHERE t.id IS NOT NULL AND ({_OLD}) IS DISTINCT FROM ({_IMPORTED}))
FROM foreign_import i LEFT JOIN {_TABLE} t ON t.part_number = i.part_number
"""
# Parts read again after their first record was merged, now in foreign_import with their last
# record: how the count of updated parts changes when that record is stored. A part this
# import created stays created (its row has been neither updated nor locked since: xmax 0, as
# in _MERGE). One the first merge updated counts as unchanged after all if the last record
# brings back what it held before the import (kept in foreign_original). One the first merge
# left alone (locked, so xmax is not 0) is updated if the last record differs.
_REREAD = f"""
SELECT count(*) FILTER (WHERE o.part_number IS NULL AND NOT t.xmax = 0
                          AND ({_OLD}) IS DISTINCT FROM ({_IMPORTED})),
       count(*) FILTER (WHERE o.part_number IS NOT NULL
                          AND ({", ".join(f"o.{c}" for c in _COMPARED_COLUMNS)})
                              IS NOT DISTINCT FROM ({_IMPORTED}))
FROM foreign_import i JOIN {_TABLE} t ON t.part_number = i.part_number
LEFT JOIN foreign_original o ON o.part_number = i.part_number
"""


def _stream(batches, catalogue, outcome, unknown_categories):
    """PostgreSQL: merge each batch as it comes. Reading and turning records into COPY text
    run in a thread ahead of this one, so the database works while the next batch is read."""
    now = timezone.now()
    prepared = read_ahead(_prepared(batches, catalogue, outcome, unknown_categories))
    with connection.cursor() as cursor:
        # What the merges replace, for parts that come again later (see _REREAD).
        cursor.execute(f"CREATE TEMPORARY TABLE foreign_original ON COMMIT DROP AS "
                       f"SELECT part_number, {', '.join(_COMPARED_COLUMNS)} FROM {_TABLE} "
                       f"WITH NO DATA")
        for reread, text in prepared:
            _copy(cursor, text)
            if reread:
                cursor.execute(_REREAD)
                changed, restored = cursor.fetchone()
                outcome.updated += changed - restored
            cursor.execute(_MERGE, {"now": now})
            created, updated = cursor.fetchone()
            if not reread:
                outcome.created += created
                outcome.updated += updated
            _drop(cursor, "foreign_import")
        _drop(cursor, "foreign_original")
    outcome.unchanged -= outcome.created + outcome.updated


def _prepared(batches, catalogue, outcome, unknown_categories):
    """(reread, COPY text) for each batch, with `reread` false. A part number that comes again
    after its batch was handed over is held back, and the last records of all such parts come
    as one last item with `reread` true."""
    handed, again, read = set(), {}, 0
    for batch in batches:
        read += len(batch)
        wanted = {}
        _add_rows(batch, wanted, catalogue, outcome, unknown_categories)
        if not handed.isdisjoint(wanted):
            for part_number in handed.intersection(wanted):
                again[part_number] = wanted.pop(part_number)
        handed.update(wanted)
        if wanted:
            yield False, _copy_text(wanted)
    if again:
        yield True, _copy_text(again)
    outcome.repeated = read - len(outcome.problems) - len(handed)
    outcome.unchanged = len(handed)  # the writer takes away what it created and updated


# COPY's text format: tab between columns, \N for NULL, and these escaped inside a value.
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_TEXT_COLUMNS = len(COLUMNS) - 2  # all but the two integers, which _copy_text puts last
COPIED = (*(c for c in COLUMNS if c not in ("category_id", "pin_count")),
          "category_id", "pin_count")


def _copy_text(wanted):
    """`wanted` ({part number: row}) as COPY text of the COPIED columns."""
    lines, dumps = [], json.dumps
    for part_number, row in wanted.items():
        (pattern, maker, category_id, package, pins, parameters, description, keywords,
         datasheet, source) = row
        lookalike, _translit, skeleton, family = catalogue_keys(part_number)
        texts = (part_number, lookalike, skeleton, family, pattern, maker, package,
                 dumps(parameters), description, keywords, datasheet, source)
        line = "\t".join(texts)
        if "\\" in line or "\n" in line or "\r" in line or line.count("\t") != _TEXT_COLUMNS - 1:
            line = "\t".join(text.translate(_ESCAPES) for text in texts)
        lines.append(f"{line}\t{_NULL if category_id is None else category_id}"
                     f"\t{_NULL if pins is None else pins}\n")
    return "".join(lines)


_NULL = "\\N"


def _copy(cursor, text):
    """A temporary table holding the rows of `text`, COPYed in."""
    cursor.execute(f"CREATE TEMPORARY TABLE foreign_import ON COMMIT DROP AS "
                   f"SELECT {', '.join(COLUMNS)} FROM {_TABLE} WITH NO DATA")
    with cursor.cursor.copy(f"COPY foreign_import ({', '.join(COPIED)}) FROM STDIN") as copy:
        copy.write(text)


def _drop(cursor, table="foreign_import"):
    # ON COMMIT DROP does not fire when the import runs inside an outer transaction.
    cursor.execute(f"DROP TABLE {table}")


def _write_batch(batch, outcome, dry_run):
    existing = {
        row[0]: row[1:]
        for row in ForeignPart.objects.filter(part_number__in=list(batch)).values_list(
            "part_number", *COMPARED)
    }
    changed = []
    for part_number, row in batch.items():
        old = existing.get(part_number)
        if old == row:
            outcome.unchanged += 1
            continue
        if old is None:
            outcome.created += 1
        else:
            outcome.updated += 1
        part = ForeignPart(part_number=part_number, **dict(zip(COMPARED, row, strict=True)))
        part.set_keys()
        changed.append(part)
    if changed and not dry_run:
        ForeignPart.objects.bulk_create(
            changed, update_conflicts=True, unique_fields=["part_number"], update_fields=WRITTEN)
