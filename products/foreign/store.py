"""Writing records into `ForeignPart`: in batches, and only what changed.

Each batch looks up the rows it would touch by part number, compares field by field, and
upserts the new and the changed rows in one statement (INSERT … ON CONFLICT (part_number)
DO UPDATE), so importing the same files again writes nothing and says so.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from ..models import Category, ForeignPart, ParameterTemplate
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
        if record.part_number in wanted:
            outcome.repeated += 1
        wanted[record.part_number] = row
    for slug, count in unknown_categories.items():
        outcome.problems.append(Problem(
            f"category {slug}", f"not in the register; {count} part(s) stored without a category"))
    names = list(wanted)
    with transaction.atomic():
        for start in range(0, len(names), BATCH):
            _write_batch({n: wanted[n] for n in names[start:start + BATCH]}, outcome, dry_run)
    return outcome


def _row(record, catalogue, outcome, unknown_categories):
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
        parameters = {k: v for k, v in parameters.items() if k in allowed}
    datasheet = record.datasheet if len(record.datasheet) <= 500 else ""
    pins = record.pin_count if record.pin_count and 0 < record.pin_count <= MAX_PINS else None
    return {
        "ordering_pattern": record.ordering_pattern[:LIMITS["ordering_pattern"]],
        "maker": record.maker[:LIMITS["maker"]], "category_id": category_id,
        "package": record.package[:LIMITS["package"]], "pin_count": pins,
        "parameters": parameters, "description": record.description,
        "keywords": record.keywords[:LIMITS["keywords"]], "datasheet": datasheet,
        "source": record.source[:LIMITS["source"]],
    }


def _write_batch(batch, outcome, dry_run):
    existing = {
        row[0]: dict(zip(COMPARED, row[1:], strict=True))
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
        part = ForeignPart(part_number=part_number, **row)
        part.set_keys()
        changed.append(part)
    if changed and not dry_run:
        ForeignPart.objects.bulk_create(
            changed, update_conflicts=True, unique_fields=["part_number"], update_fields=WRITTEN)
