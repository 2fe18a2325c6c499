"""Candidates for foreign parts, many at once, in a fixed number of queries per batch.

For each part: (a) the entries that declare it or its family as an analog, then (b) entries
of its category whose parameters cover its own (parametric). Only entries in force are
offered: registered, not past `valid_until`, of an admitted manufacturer.

Queries per batch of BATCH parts: declared analogs with their entries; the catalogue rows of
the parts' families; the parameters of the declaring entries; and, when some part has a
parameter to search by, one UNION of small indexed searches (each its own LIMIT), the
entries found and their parameters. Templates and categories come from the facet cache.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from manufacturers.models import Manufacturer

from .. import partnumbers
from ..models import ForeignAnalog, ForeignPart, ParameterTemplate, Product, ProductParameter
from ..models.entries import ProductStatus
from . import comparison, packages, profiles, scoring

SAME_PART, SAME_FAMILY = "part", "family"

# At most this many candidates per part, and this many rows read per parametric search.
LIMIT = 20
POOL = 60
# Parts per batch (keeps IN lists within every backend's limits), and parametric searches
# per UNION (SQLite allows 500 terms in one).
BATCH = 1000
UNION_TERMS = 400


@dataclass
class Candidate:
    product: Product
    level: str  # pin_to_pin, functional, parametric
    level_label: str  # "functional, other package" when a pin-to-pin claim does not hold
    score: int  # 0–100
    comparison: list  # [comparison.ComparisonRow], empty when nothing is known to compare
    package_note: str  # a plain sentence when the package or pin count differs
    analog: ForeignAnalog | None = None  # the declaration it rests on; None: parametric
    match: str | None = None  # SAME_PART, SAME_FAMILY, or None for a parametric candidate
    profile: profiles.Profile | None = field(default=None, repr=False)

    @property
    def package(self):
        return packages.normalise(self.product.package)

    @property
    def compared_with(self):
        """The row the foreign values come from (a ForeignPart, or a declaring entry)."""
        return self.profile.reference if self.comparison and self.profile else None


def in_force(prefix=""):
    """Entries that may be offered: registered, not expired, of an admitted manufacturer."""
    today = timezone.localdate()
    return Q(**{f"{prefix}status": ProductStatus.REGISTERED,
                f"{prefix}manufacturer__status": Manufacturer.Status.ADMITTED}) & (
        Q(**{f"{prefix}valid_until__isnull": True})
        | Q(**{f"{prefix}valid_until__gte": today}))


def compare(profile, product, values, templates):
    """The comparison rows of an entry (its values {key: value}) with a foreign profile."""
    return comparison.compare(
        profile.parameters, values,
        profiles.templates_of(profile.category or product.category, templates),
        product.category.path)


def candidate(part, product, declared, profile, rows, analog=None, match=None):
    """A Candidate: `declared` is the declared compatibility, None for a parametric one."""
    domestic = packages.normalise(product.package)
    relation = scoring.package_relation(profile.package, domestic)
    level = scoring.level(declared, relation)
    return Candidate(
        product=product, level=level, level_label=scoring.level_label(declared, relation),
        score=scoring.score(level, match, rows, relation), comparison=rows,
        package_note=scoring.package_note(part, profile.package, domestic, relation, declared),
        analog=analog, match=match, profile=profile)


def find_for_many(parts: Iterable[str]) -> dict[str, list[Candidate]]:
    """{part: [Candidate…]} for every distinct part given, best first."""
    keys = {part: partnumbers.PartKeys.of(part) for part in set(parts)}
    found: dict[str, list[Candidate]] = {part: [] for part in keys}
    wanted = [(part, k) for part, k in keys.items() if k.skeleton]
    for start in range(0, len(wanted), BATCH):
        found.update(_Batch(wanted[start:start + BATCH]).candidates())
    return found


def same_kind(profile, keys, analog):
    """False for a family match across categories that the catalogue tells apart: families
    of digits alone meet by coincidence (BC337 the transistor, LM337 the regulator)."""
    known = profile.category
    if analog.key_skeleton == keys.skeleton or known is None:
        return True
    if profile.source not in (profiles.CATALOGUE, profiles.FAMILY):
        return True
    theirs = analog.product.category.path
    return theirs.startswith(known.path) or known.path.startswith(theirs)


class _Batch:
    def __init__(self, items):
        self.items = items

    @cached_property
    def templates(self):
        # Read (from the cache) only when some part has parameters to compare or search by.
        return profiles.all_templates()

    def candidates(self):
        declared = self._declared()
        family_rows = self._catalogue()
        values = self._values_of({a.product_id for found in declared.values() for a in found})
        found, self.profiles = {}, {}
        for part, keys in self.items:
            profile = profiles.profile_of(part, keys, family_rows.get(keys.family, []),
                                          declared[part], values)
            self.profiles[part] = profile
            found[part] = [self._declared_candidate(part, keys, analog, profile, values)
                           for analog in declared[part] if same_kind(profile, keys, analog)]
            found[part].sort(key=lambda c: (scoring.LEVEL_RANK[c.level], c.match != SAME_PART,
                                            -c.score, c.product.part_number, c.product.pk))
        self._add_parametric(found, values)
        return {part: candidates[:LIMIT] for part, candidates in found.items()}

    # --- (a) declared analogs --------------------------------------------------------------

    def _declared(self):
        """{part: [ForeignAnalog…]}: each entry once, by its best declaration for the part."""
        skeletons = {k.skeleton for _part, k in self.items}
        families = {k.family for _part, k in self.items}
        by_skeleton: dict[str, list[ForeignAnalog]] = {}
        by_family: dict[str, list[ForeignAnalog]] = {}
        analogs = (ForeignAnalog.objects
                   .filter(Q(key_skeleton__in=skeletons) | Q(key_family__in=families))
                   .filter(in_force("product__"))
                   .select_related("product__manufacturer", "product__category"))
        for analog in analogs:
            by_skeleton.setdefault(analog.key_skeleton, []).append(analog)
            by_family.setdefault(analog.key_family, []).append(analog)
        declared = {}
        for part, k in self.items:
            mine = {a.pk: a for a in by_skeleton.get(k.skeleton, []) + by_family.get(k.family, [])}
            ranked = sorted(mine.values(), key=lambda a, k=k: (  # type: ignore[misc]
                a.key_skeleton != k.skeleton, a.compatibility_rank, a.product.part_number, a.pk))
            best: dict[int, ForeignAnalog] = {}
            for analog in ranked:
                best.setdefault(analog.product_id, analog)
            declared[part] = list(best.values())
        return declared

    def _declared_candidate(self, part, keys, analog, profile, values):
        match = SAME_PART if analog.key_skeleton == keys.skeleton else SAME_FAMILY
        # An entry standing in for the foreign part is not compared with itself or its peers.
        rows = [] if profile.source == profiles.DECLARED else compare(
            profile, analog.product, values.get(analog.product_id, {}), self.templates)
        return candidate(part, analog.product, analog.compatibility, profile, rows,
                         analog=analog, match=match)

    # --- what is known of the parts ----------------------------------------------------------

    def _catalogue(self):
        families = {k.family for _part, k in self.items}
        rows: dict[str, list[ForeignPart]] = {}
        for row in (ForeignPart.objects.filter(key_family__in=families)
                    .select_related("category").order_by("part_number")):
            rows.setdefault(row.key_family, []).append(row)
        return rows

    def _values_of(self, product_ids):
        """{product id: {parameter key: value as written}}."""
        values: dict[int, dict[str, str]] = {pk: {} for pk in product_ids}
        if not product_ids:
            return values
        rows = ProductParameter.objects.filter(product_id__in=product_ids).values_list(
            "product_id", "template__key", "value")
        for product_id, key, value in rows:
            values[product_id][key] = value
        return values

    # --- (b) parametric candidates -----------------------------------------------------------

    def _add_parametric(self, found, values):
        searches = {}
        for part, _keys in self.items:
            profile = self.profiles[part]
            search = self._search_for(profile)
            if search and len(found[part]) < LIMIT:
                searches[part] = (profile, search)
        if not searches:
            return
        hits, listed = {}, list(searches.values())
        for start in range(0, len(listed), UNION_TERMS):
            hits.update(_parametric_hits(listed[start:start + UNION_TERMS], start))
        products = {p.pk: p for p in Product.objects.filter(
            pk__in={pk for ids in hits.values() for pk in ids}).select_related(
            "manufacturer", "category")}
        values.update(self._values_of(set(products)))
        for index, (part, (profile, _search)) in enumerate(searches.items()):
            taken = {c.product.pk for c in found[part]}
            extra = []
            for pk in hits.get(index, []):
                product = products.get(pk)
                if product is None or pk in taken:
                    continue
                rows = compare(profile, product, values.get(pk, {}), self.templates)
                if comparison.covers(rows, product.category.path):
                    extra.append(candidate(part, product, None, profile, rows))
                    taken.add(pk)
            extra.sort(key=lambda c: (-c.score, c.product.part_number, c.product.pk))
            found[part].extend(extra)

    def _search_for(self, profile):
        """The one indexed condition a parametric search starts from, or None."""
        if profile.category is None or not profile.parameters:
            return None
        templates = profiles.templates_of(profile.category, self.templates)
        best = None
        for key, value in profile.parameters.items():
            template = templates.get(key)
            anchor = _anchor(template, value, comparison.direction(key, profile.category.path))
            if anchor is None:
                continue
            # Equal numbers first, then ranges, then choices; the most specific parameter.
            rank = (anchor.priority, -template.category.path.count("/"), template.position)
            if best is None or rank < best[0]:
                best = (rank, anchor)
        if best is None:
            return None
        anchor = best[1]
        anchor.template_ids = [t.pk for t in self.templates if t.key == anchor.key and (
            profile.category.path.startswith(t.category.path))]
        anchor.category_ids = [pk for pk, c in profiles.categories_by_id().items()
                               if c.path.startswith(profile.category.path)]
        return anchor


@dataclass
class _Anchor:
    key: str
    priority: int
    condition: str  # on pp.value_numeric or pp.value, with one %s
    # The order of the parameter index (template, value, entry newest first), read forwards
    # or backwards, so the search stops after POOL rows.
    order: str
    value: object
    template_ids: list = field(default_factory=list)
    category_ids: list = field(default_factory=list)


def _anchor(template, value, way):
    if template is None:
        return None
    if template.kind == ParameterTemplate.Kind.NUMBER:
        number = ProductParameter.parse_number(value)
        if number is None:
            return None
        if way == comparison.SAME:
            return _Anchor(template.key, 0, "value_numeric = %s", "product_id DESC", number)
        if way == comparison.HIGHER:
            return _Anchor(template.key, 1, "value_numeric >= %s",
                           "value_numeric, pp.product_id DESC", number)
        if way == comparison.LOWER:
            return _Anchor(template.key, 2, "value_numeric <= %s",
                           "value_numeric DESC, pp.product_id", number)
        return None
    if template.kind == ParameterTemplate.Kind.CHOICE and way == comparison.SAME:
        return _Anchor(template.key, 3, "value = %s", "product_id DESC", str(value))
    return None


def _parametric_hits(searches, first):
    """{search index: [product id…]}: one UNION ALL of small indexed searches.

    Each branch reads the (template, value, entry) index from the anchor value on, joined to
    the entry for its category and status, and stops at POOL rows: among equal values the
    newest entries come first (old entries are more often expired).
    """
    quote = connection.ops.quote_name
    pp, product, maker = (quote(m._meta.db_table) for m in (ProductParameter, Product,
                                                               Manufacturer))
    today = timezone.localdate()
    branches, params = [], []
    for index, (_profile, anchor) in enumerate(searches, start=first):
        templates = ", ".join(["%s"] * len(anchor.template_ids))
        categories = ", ".join(["%s"] * len(anchor.category_ids))
        branches.append(
            f"SELECT * FROM (SELECT pp.product_id AS product_id, {int(index)} AS search_index "
            f"FROM {pp} pp INNER JOIN {product} p ON p.id = pp.product_id "
            f"INNER JOIN {maker} m ON m.id = p.manufacturer_id "
            f"WHERE pp.template_id IN ({templates}) AND pp.{anchor.condition} "
            f"AND p.category_id IN ({categories}) AND p.status = %s AND m.status = %s "
            f"AND (p.valid_until IS NULL OR p.valid_until >= %s) "
            f"ORDER BY pp.{anchor.order} LIMIT {int(POOL)}) branch{int(index)}")
        params += [*anchor.template_ids, anchor.value, *anchor.category_ids,
                   ProductStatus.REGISTERED, Manufacturer.Status.ADMITTED, today]
    hits: dict = {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(branches), params)
        for product_id, index in cursor.fetchall():
            hits.setdefault(index, []).append(product_id)
    return hits
