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

from .. import lookups, partnumbers, units  # noqa: F401  (lookups: any_of)
from ..models import (
    Category,
    ForeignAnalog,
    ForeignPart,
    ParameterTemplate,
    Product,
    ProductParameter,
)
from ..models.entries import ProductStatus
from . import comparison, packages, profiles, scoring

SAME_PART, SAME_FAMILY = "part", "family"

# At most this many candidates per part, and this many rows read per parametric search:
# SCAN rows of the parameter index, of which the first POOL entries in force are kept.
LIMIT = 20
POOL = 60
SCAN = 600
# Parts per batch (keeps IN lists within every backend's limits), and parametric searches
# per UNION (SQLite allows 500 terms in one).
BATCH = 1000
UNION_TERMS = 400


@dataclass
class Candidate:
    product: Product
    level: str  # pin_to_pin, functional, parametric
    score: int  # 0–100
    comparison: list  # [comparison.ComparisonRow], empty when nothing is known to compare
    analog: ForeignAnalog | None = None  # the declaration it rests on; None: parametric
    match: str | None = None  # SAME_PART, SAME_FAMILY, or None for a parametric candidate
    profile: profiles.Profile | None = field(default=None, repr=False)
    # What the label and the package note are worded from: they are worded only for the
    # candidates shown, not for every one weighed.
    part: str = ""
    declared: str | None = None  # the declared compatibility; None for a parametric one
    relation: str = scoring.PACKAGE_UNKNOWN

    @property
    def package(self):
        return packages.normalise(self.product.package)

    @property
    def level_label(self):
        """The level in words: "functional, other package" when a pin-to-pin claim fails."""
        return scoring.level_label(self.declared, self.relation)

    @property
    def package_note(self):
        """A plain sentence when the package or pin count differs, else ""."""
        foreign = self.profile.package if self.profile else None
        return scoring.package_note(self.part, foreign, self.package, self.relation,
                                    self.declared)

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


def compare(profile, product, values, columns):
    """The comparison rows of an entry (its values {key: value}) with a foreign profile;
    `columns` gives the Columns of a category (profiles.Columns.of, or a batch's cache)."""
    category = profile.category or product.category
    key = (category.pk, product.category.path)
    comparer = profile.comparers.get(key)
    if comparer is None:
        shown = columns(category)
        comparer = profile.comparers[key] = comparison.Comparer(
            profile.parameters, shown.templates, product.category.path, shown.names)
    return comparer.compare(values)


def candidate(part, product, declared, profile, rows, analog=None, match=None):
    """A Candidate: `declared` is the declared compatibility, None for a parametric one."""
    domestic = packages.normalise(product.package)
    relation = scoring.package_relation(profile.package, domestic)
    level = scoring.level(declared, relation)
    return Candidate(
        product=product, level=level, score=scoring.score(level, match, rows, relation),
        comparison=rows, analog=analog, match=match, profile=profile, part=part,
        declared=declared, relation=relation)


def find_for_many(parts: Iterable[str], limit: int = LIMIT) -> dict[str, list[Candidate]]:
    """{part: [Candidate…]} for every distinct part given, best first, at most `limit`."""
    keys = {part: partnumbers.PartKeys.of(part) for part in set(parts)}
    found: dict[str, list[Candidate]] = {part: [] for part in keys}
    wanted = [(part, k) for part, k in keys.items() if k.skeleton]
    for start in range(0, len(wanted), BATCH):
        found.update(_Batch(wanted[start:start + BATCH], min(limit, LIMIT)).candidates())
    return found


# Candidates are weighed on light rows (_Entry, _Declaration: what ranking needs), and only
# those kept are read in full: a bill of materials weighs tens of thousands of declarations
# and shows a few per line.

@dataclass
class _Entry:
    pk: int
    part_number: str
    package: str
    category: Category  # from the cached tree


@dataclass
class _CatalogueRow:
    """What a profile is worked out from (profiles.profile_of) of a reference catalogue row;
    it stays the profile's reference, shown by its part number beside the comparison."""

    FIELDS = ("part_number", "ordering_pattern", "key_lookalike", "key_skeleton", "key_family",
              "package", "pin_count", "parameters")
    pk: int
    category: Category | None  # from the cached tree
    part_number: str
    ordering_pattern: str
    key_lookalike: str
    key_skeleton: str
    key_family: str
    package: str
    pin_count: int | None
    parameters: dict


@dataclass
class _Declaration:
    pk: int
    product: _Entry
    key_skeleton: str
    key_family: str
    compatibility: str
    compatibility_rank: int

    @property
    def product_id(self):
        return self.product.pk


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
    def __init__(self, items, limit=LIMIT):
        self.items = items
        self.limit = limit

    @cached_property
    def templates(self):
        # Read (from the cache) only when some part has parameters to compare or search by.
        return profiles.all_templates()

    @cached_property
    def _columns(self):
        return {}

    def columns(self, category):
        """The category's Columns, worked out once per batch."""
        key = category.pk if category is not None else None
        if key not in self._columns:
            self._columns[key] = profiles.Columns.of(category, self.templates)
        return self._columns[key]

    def candidates(self):
        declared = self._declared()
        family_rows = self._catalogue()
        # A part the catalogue does not know is described by its first declaring entry; the
        # other declaring entries are compared only with a part the catalogue describes.
        values = self._values_of({found[0].product_id for found in declared.values() if found})
        self.profiles = {part: profiles.profile_of(part, keys, family_rows.get(keys.family, []),
                                                   declared[part], values)
                         for part, keys in self.items}
        values.update(self._values_of({
            analog.product_id for part, _keys in self.items
            if self.profiles[part].source != profiles.DECLARED
            for analog in declared[part]} - set(values)))
        found = {}
        for part, keys in self.items:
            profile = self.profiles[part]
            found[part] = [self._declared_candidate(part, keys, analog, profile, values)
                           for analog in declared[part] if same_kind(profile, keys, analog)]
            found[part].sort(key=lambda c: (scoring.LEVEL_RANK[c.level], c.match != SAME_PART,
                                            -c.score, c.product.part_number, c.product.pk))
            del found[part][self.limit:]
        self._add_parametric(found, values)
        kept = {part: candidates[:self.limit] for part, candidates in found.items()}
        _read_in_full([c for candidates in kept.values() for c in candidates])
        return kept

    # --- (a) declared analogs --------------------------------------------------------------

    def _declared(self):
        """{part: [_Declaration…]}: each entry once, by its best declaration for the part."""
        skeletons = {k.skeleton for _part, k in self.items}
        families = {k.family for _part, k in self.items}
        by_skeleton: dict[str, list[_Declaration]] = {}
        by_family: dict[str, list[_Declaration]] = {}
        categories = profiles.categories_by_id()
        rows = (ForeignAnalog.objects
                .filter(Q(key_skeleton__any_of=skeletons) | Q(key_family__any_of=families))
                .filter(in_force("product__")).order_by()
                .values_list("pk", "product_id", "product__part_number", "product__package",
                             "product__category_id", "key_skeleton", "key_family",
                             "compatibility", "compatibility_rank"))
        entries: dict[int, _Entry] = {}
        for (pk, product_id, part_number, package, category_id, skeleton, family,
             compatibility, rank) in rows:
            entry = entries.get(product_id)
            if entry is None:
                entry = entries[product_id] = _Entry(product_id, part_number, package,
                                                     categories[category_id])
            analog = _Declaration(pk, entry, skeleton, family, compatibility, rank)
            by_skeleton.setdefault(analog.key_skeleton, []).append(analog)
            by_family.setdefault(analog.key_family, []).append(analog)
        declared = {}
        for part, k in self.items:
            mine = {a.pk: a for a in by_skeleton.get(k.skeleton, []) + by_family.get(k.family, [])}
            ranked = sorted(mine.values(), key=lambda a, k=k: (  # type: ignore[misc]
                a.key_skeleton != k.skeleton, a.compatibility_rank, a.product.part_number, a.pk))
            best: dict[int, _Declaration] = {}
            for analog in ranked:
                best.setdefault(analog.product_id, analog)
            declared[part] = list(best.values())
        return declared

    def _declared_candidate(self, part, keys, analog, profile, values):
        match = SAME_PART if analog.key_skeleton == keys.skeleton else SAME_FAMILY
        # An entry standing in for the foreign part is not compared with itself or its peers.
        rows = [] if profile.source == profiles.DECLARED else compare(
            profile, analog.product, values.get(analog.product_id, {}), self.columns)
        return candidate(part, analog.product, analog.compatibility, profile, rows,
                         analog=analog, match=match)

    # --- what is known of the parts ----------------------------------------------------------

    def _catalogue(self):
        """{family: [_CatalogueRow…]}: the reference catalogue's rows of the parts' families."""
        families = {k.family for _part, k in self.items}
        rows: dict[str, list[_CatalogueRow]] = {}
        categories = profiles.categories_by_id()
        for pk, category_id, *fields in (
                ForeignPart.objects.filter(key_family__any_of=families).order_by("part_number")
                .values_list("pk", "category_id", *_CatalogueRow.FIELDS)):
            row = _CatalogueRow(pk, categories.get(category_id), *fields)
            rows.setdefault(row.key_family, []).append(row)
        return rows

    def _values_of(self, product_ids):
        """{product id: {parameter key: value as written}}."""
        values: dict[int, dict[str, str]] = {pk: {} for pk in product_ids}
        if not product_ids:
            return values
        keys = {template.pk: template.key for template in self.templates}
        rows = ProductParameter.objects.filter(product__any_of=product_ids).order_by().values_list(
            "product_id", "template_id", "value")
        for product_id, template_id, value in rows:
            values[product_id][keys[template_id]] = value
        return values

    # --- (b) parametric candidates -----------------------------------------------------------

    def _add_parametric(self, found, values):
        # Parts of one family often share a profile: each distinct search runs once.
        searches: dict = {}
        wanted: dict = {}
        for part, _keys in self.items:
            profile = self.profiles[part]
            search = self._search_for(profile)
            if search and len(found[part]) < self.limit:
                wanted.setdefault(search.identity, search)
                searches[part] = (profile, search.identity)
        if not searches:
            return
        hits, listed = {}, list(wanted.items())
        for start in range(0, len(listed), UNION_TERMS):
            hits.update(_parametric_hits(listed[start:start + UNION_TERMS]))
        categories = profiles.categories_by_id()
        products = {pk: _Entry(pk, part_number, package, categories[category_id])
                    for pk, part_number, package, category_id in Product.objects.filter(
                        pk__any_of={pk for ids in hits.values() for pk in ids}).order_by()
                    .values_list("pk", "part_number", "package", "category_id")}
        values.update(self._values_of(set(products) - set(values)))
        for part, (profile, identity) in searches.items():
            taken = {c.product.pk for c in found[part]}
            extra = []
            for pk in hits.get(identity, []):
                product = products.get(pk)
                if product is None or pk in taken:
                    continue
                rows = compare(profile, product, values.get(pk, {}), self.columns)
                if comparison.covers(rows, product.category.path):
                    extra.append(candidate(part, product, None, profile, rows))
                    taken.add(pk)
            extra.sort(key=lambda c: (-c.score, c.product.part_number, c.product.pk))
            found[part].extend(extra[:self.limit - len(found[part])])

    def _search_for(self, profile):
        """The one indexed condition a parametric search starts from, or None."""
        if profile.category is None or not profile.parameters:
            return None
        templates = self.columns(profile.category).templates
        best = None
        for key, value in profile.parameters.items():
            template = templates.get(key)
            anchor = _anchor(template, value, comparison.direction(key, profile.category.path))
            if anchor is None:
                continue
            # The most specific parameter first: a template of the part's own category holds
            # only entries of that category, where one inherited from an ancestor (supply
            # voltage of every integrated circuit) holds all its siblings' entries too. Then
            # equal numbers, ranges, choices.
            rank = (-template.category.path.count("/"), anchor.priority, template.position)
            if best is None or rank < best[0]:
                best = (rank, anchor, template)
        if best is None:
            return None
        _rank, anchor, template = best
        anchor.template_ids = [t.pk for t in self.templates if t.key == anchor.key and (
            profile.category.path.startswith(t.category.path))]
        if not template.category.path.startswith(profile.category.path):
            # An inherited template: its entries must be told apart by category.
            anchor.category_ids = [pk for pk, c in profiles.categories_by_id().items()
                                   if c.path.startswith(profile.category.path)]
        return anchor


def _read_in_full(candidates):
    """Put the full entries (with their manufacturers) and declarations in place of the light
    rows the candidates were weighed on; categories come from the cached tree."""
    categories = profiles.categories_by_id()
    wanted = {c.analog.pk for c in candidates if c.analog is not None}
    analogs = {a.pk: a for a in ForeignAnalog.objects.filter(pk__any_of=wanted).select_related(
        "product__manufacturer").defer("product__search_vector")} if wanted else {}
    products = {a.product_id: a.product for a in analogs.values()}
    # The entry a profile was taken from (a declaring entry) is shown beside the comparison.
    references = {c.profile.reference.pk for c in candidates
                  if c.profile is not None and isinstance(c.profile.reference, _Entry)}
    missing = ({c.product.pk for c in candidates} | references) - set(products)
    if missing:
        products.update({p.pk: p for p in Product.objects.select_related("manufacturer")
                        .filter(pk__any_of=missing)})
    for product in products.values():
        product.category = categories[product.category_id]
    for c in candidates:
        c.product = products[c.product.pk]
        if c.analog is not None:
            c.analog = analogs[c.analog.pk]
            c.analog.product = c.product
        if c.profile is not None and isinstance(c.profile.reference, _Entry):
            c.profile.reference = products[c.profile.reference.pk]


@dataclass
class _Anchor:
    key: str
    priority: int
    condition: str  # on pp.value_si or pp.value, with one %s
    # The order of the parameter index (template, value, entry newest first), read forwards
    # or backwards, so the search stops after SCAN rows.
    order: str
    value: object
    template_ids: list = field(default_factory=list)
    category_ids: list = field(default_factory=list)  # empty: the template says enough

    @property
    def columns(self):
        """What the search reads of the index: nothing the index itself does not hold."""
        return "product_id, value_si" if "value_si" in self.order else "product_id"

    @property
    def identity(self):
        """Equal for two searches that read the same rows."""
        return (tuple(self.template_ids), self.condition, self.order, str(self.value),
                tuple(self.category_ids))


def _anchor(template, value, way):
    if template is None:
        return None
    if template.kind == ParameterTemplate.Kind.NUMBER:
        number = units.to_si(ProductParameter.parse_number(value), template.unit)
        if number is None:
            return None
        if way == comparison.SAME:
            return _Anchor(template.key, 0, "value_si = %s", "product_id DESC", number)
        if way == comparison.HIGHER:
            return _Anchor(template.key, 1, "value_si >= %s",
                           "value_si, product_id DESC", number)
        if way == comparison.LOWER:
            return _Anchor(template.key, 2, "value_si <= %s",
                           "value_si DESC, product_id", number)
        return None
    if template.kind == ParameterTemplate.Kind.CHOICE and way == comparison.SAME:
        return _Anchor(template.key, 3, "value = %s", "product_id DESC", str(value))
    return None


def _parametric_hits(searches):
    """{search identity: [product id…]}: one UNION ALL of small bounded searches.

    Each branch reads at most SCAN rows of the (template, value, entry) index from the anchor
    value on (among equal values the newest entries first: old entries are more often
    expired), then keeps the first POOL of them whose entry is in force. Reading the index
    alone first keeps every branch's plan the same whatever the planner guesses of the join.
    """
    quote = connection.ops.quote_name
    pp, product, maker = (quote(m._meta.db_table) for m in (ProductParameter, Product,
                                                               Manufacturer))
    today = timezone.localdate()
    branches, params, identities = [], [], []
    for index, (identity, anchor) in enumerate(searches):
        identities.append(identity)
        templates = ", ".join(["%s"] * len(anchor.template_ids))
        in_category = ""
        if anchor.category_ids:
            in_category = f"AND p.category_id IN ({', '.join(['%s'] * len(anchor.category_ids))}) "
        order = ", ".join(f"hit.{term}" for term in anchor.order.split(", "))
        branches.append(
            f"SELECT * FROM (SELECT hit.product_id AS product_id, {int(index)} AS search_index "
            f"FROM (SELECT {anchor.columns} FROM {pp} "
            f"WHERE template_id IN ({templates}) AND {anchor.condition} "
            f"ORDER BY {anchor.order} LIMIT {int(SCAN)}) hit "
            f"INNER JOIN {product} p ON p.id = hit.product_id "
            f"INNER JOIN {maker} m ON m.id = p.manufacturer_id "
            f"WHERE p.status = %s AND m.status = %s "
            f"AND (p.valid_until IS NULL OR p.valid_until >= %s) {in_category}"
            f"ORDER BY {order} LIMIT {int(POOL)}) branch{int(index)}")
        params += [*anchor.template_ids, anchor.value, ProductStatus.REGISTERED,
                   Manufacturer.Status.ADMITTED, today, *anchor.category_ids]
    hits: dict = {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(branches), params)
        for product_id, index in cursor.fetchall():
            hits.setdefault(identities[index], []).append(product_id)
    return hits
