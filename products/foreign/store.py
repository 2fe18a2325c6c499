"""Writing records into `ForeignPart`: in batches, and only what changed.

Each batch looks up the rows it would touch by part number, compares field by field, and
upserts the new and the changed rows in one statement (INSERT … ON CONFLICT (part_number)
DO UPDATE), so importing the same files again writes nothing and says so.
"""

import json
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from ..models import Category, ForeignPart, ParameterTemplate
from ..partnumbers import keys_of
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


def write(records, catalogue=None, dry_run=False):
    """Store `records` (later ones win over earlier ones with the same part number)."""
    catalogue = catalogue or Catalogue()
    outcome = Outcome()
    wanted = {}
    unknown_categories = Counter()
    for record in records:
        row = _row(record, catalogue, outcome, unknown_categories)
        if row is None:
            continue
        wanted[record.part_number] = row
    outcome.repeated = len(records) - len(outcome.problems) - len(wanted)
    for slug, count in unknown_categories.items():
        outcome.problems.append(Problem(
            f"category {slug}", f"not in the register; {count} part(s) stored without a category"))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _copy_and_merge(wanted, outcome, dry_run)
        else:
            names = list(wanted)
            for start in range(0, len(names), BATCH):
                _write_batch({n: wanted[n] for n in names[start:start + BATCH]}, outcome,
                             dry_run)
    return outcome


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


_PARAMETERS = COMPARED.index("parameters")
COLUMNS = ("part_number", "key_lookalike", "key_skeleton", "key_family", *COMPARED)
_MERGE = """
WITH merged AS (
    INSERT INTO {table} ({columns}, updated_at)
    SELECT {columns}, %(now)s FROM foreign_import
    ON CONFLICT (part_number) DO UPDATE SET {updates}, updated_at = EXCLUDED.updated_at
    WHERE ({old}) IS DISTINCT FROM ({new})
    RETURNING (xmax = 0) AS created
)
SELECT count(*) FILTER (WHERE created), count(*) FILTER (WHERE NOT created) FROM merged
"""
_COUNT = """
SELECT count(*) FILTER (WHERE t.id IS NULL),
       count(*) FILTER (WHERE t.id IS NOT NULL AND ({old}) IS DISTINCT FROM ({new}))
FROM foreign_import i LEFT JOIN {table} t ON t.part_number = i.part_number
"""


def _copy_and_merge(wanted, outcome, dry_run):
    """PostgreSQL: COPY the rows into a temporary table, then one INSERT … ON CONFLICT that
    touches only new and changed rows and says how many of each."""
    table = ForeignPart._meta.db_table
    compared = [ForeignPart._meta.get_field(name).column for name in COMPARED]
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE foreign_import ON COMMIT DROP AS "
                       f"SELECT {', '.join(COLUMNS)} FROM {table} WITH NO DATA")
        with cursor.cursor.copy(f"COPY foreign_import ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            write_row, dumps = copy.write_row, json.dumps
            for part_number, row in wanted.items():
                lookalike, _translit, skeleton, family = keys_of(part_number)
                write_row((part_number, lookalike, skeleton, family, *row[:_PARAMETERS],
                           dumps(row[_PARAMETERS]), *row[_PARAMETERS + 1:]))
        old = ", ".join(f"t.{column}" for column in compared)
        if dry_run:
            new = ", ".join(f"i.{column}" for column in compared)
            cursor.execute(_COUNT.format(table=table, old=old, new=new))
        else:
            new = ", ".join(f"EXCLUDED.{column}" for column in compared)
            updates = ", ".join(f"{column} = EXCLUDED.{column}" for column in COLUMNS[1:])
            cursor.execute(_MERGE.format(table=f"{table} AS t", columns=", ".join(COLUMNS),
                                         updates=updates, old=old, new=new),
                           {"now": timezone.now()})
        created, updated = cursor.fetchone()
        # ON COMMIT DROP does not fire when the import runs inside an outer transaction.
        cursor.execute("DROP TABLE foreign_import")
    outcome.created += created
    outcome.updated += updated
    outcome.unchanged += len(wanted) - created - updated


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
