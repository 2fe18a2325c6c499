"""Facet counts that stay cheap on a million entries.

* One pass: a single GROUP BY (category, manufacturer, status) over the matching ids gives a
  small "cube" from which every dimension facet is summed in Python, each disjunctively
  (a facet's counts ignore its own selection, so readers can widen it), and so does the
  total. Country comes from the manufacturer.
* Capped: the cube is grouped over at most CAP + 1 matches. Past that it is marked partial,
  and the page says so and counts "more than CAP".
* Cached: cubes and parameter facets are cached under a generation number that every write
  to the catalogue bumps (and that expires anyway, for writes that bypass signals). With no
  text or parameter filter the cube is the whole register's, computed once per generation:
  browsing by category, manufacturer, country or status costs no counting query at all.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Max, Min, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from manufacturers.models import Country, Manufacturer

from . import caching, lookups, units, vocabulary
from .caching import cached
from .models import Category, ParameterTemplate, Product, ProductParameter, ProductStatus
from .search import CANDIDATE_CAP

CAP = CANDIDATE_CAP
TOP_VALUES = 20
TOP_MAKERS = 30


# --- The cube ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Cube:
    rows: tuple  # (category_id, manufacturer_id, status, count)
    partial: bool  # grouped over the first CAP + 1 matches only


def _grouped(queryset):
    # Grouped by the status as it is today (an entry past its term counts as expired).
    return tuple(queryset.order_by().with_effective_status()
                 .values_list("category_id", "manufacturer_id", "effective_status")
                 .annotate(n=Count("pk")))


def register_cube():
    """The whole register, grouped: the home page and unfiltered browsing count from it."""
    return cached(["register"], lambda: Cube(_grouped(Product.objects.all()), partial=False))


def matches_cube(ids_of, key):
    """The cube of the entries matching the row filters (`ids_of()`: their ids, at most
    CAP + 1)."""
    def compute():
        rows = _grouped(Product.objects.filter(pk__any_of=ids_of()))
        return Cube(rows, partial=sum(row[3] for row in rows) > CAP)
    return cached(["matches", key], compute)


def matching_ids(filterset, exclude=()):
    """Ids of the entries that pass every filter but those named in `exclude`, at most
    CAP + 1, read once per page. Each count then reads its rows by this list; with the
    search inside each count's own query, a word matching ten thousand entries was looked up
    again by every one of them."""
    cleaned = filterset.form.cleaned_data
    # Filters left empty filter nothing: leaving them out gives the same list.
    key = tuple(sorted(name for name in exclude if cleaned.get(name) not in (None, "", [])))
    memo = filterset.__dict__.setdefault("_matching_ids", {})
    if key not in memo:
        queryset = filterset.filter_queryset(Product.objects.all(), exclude=key)
        memo[key] = lookups.Prepared(queryset.order_by().values_list("pk", flat=True)[:CAP + 1])
    return memo[key]


def all_categories():
    return cached(["categories"], lambda: list(Category.objects.order_by("path")))


def capped_count(ids):
    """(count, exact): exact up to CAP; (None, False) past it — "more than CAP" is all a
    reader needs, and searches hand on no more than CAP + 1 candidates anyway."""
    return (len(ids), True) if len(ids) <= CAP else (None, False)


# --- What the reader selected, and the counts for it --------------------------------------------

@dataclass
class Selection:
    category: Category | None = None
    manufacturers: tuple = ()
    countries: tuple = ()
    statuses: tuple = ()

    @classmethod
    def of(cls, cleaned):
        return cls(cleaned.get("category"), tuple(cleaned.get("manufacturer") or ()),
                   tuple(cleaned.get("country") or ()), tuple(cleaned.get("status") or ()))

    def key(self):
        return [self.category.slug if self.category else "",
                sorted(m.slug for m in self.manufacturers), sorted(self.countries),
                sorted(self.statuses)]


@dataclass
class Option:
    value: str
    label: str
    count: int | None
    selected: bool
    url: str = ""  # for options that are links (the code groups), set by the view


@dataclass
class CategoryNode:
    category: Category
    count: int
    selected: bool = False
    expanded: bool = False
    children: list = field(default_factory=list)


_BITS = {"category": 1, "manufacturer": 2, "country": 4, "status": 8}


class CubeCounts:
    """Sums over a cube for one selection, each facet ignoring its own selection."""

    def __init__(self, cube, selection, makers, categories):
        self.cube, self.selection, self.makers = cube, selection, makers
        self.paths = {c.pk: c.path for c in categories}
        self.maker_ids = {m.pk for m in selection.manufacturers}
        # Each row with the selections it fails, as bits: worked out once per category,
        # manufacturer and status rather than once per row and facet (a word search's cube
        # has thousands of rows, summed five times).
        rows = cube.rows
        categories = {row[0] for row in rows}
        maker_ids = {row[1] for row in rows}
        statuses = {row[2] for row in rows}
        by_category = {pk: _BITS["category"] for pk in categories if self._fails_category(pk)}
        by_maker = {pk: self._maker_bits(pk) for pk in maker_ids}
        by_status = {code: _BITS["status"] for code in statuses
                     if selection.statuses and code not in selection.statuses}
        self.failing = [(row, by_category.get(row[0], 0) | by_maker[row[1]]
                         | by_status.get(row[2], 0)) for row in rows]

    def _fails_category(self, category_id):
        chosen = self.selection.category
        return bool(chosen) and not self.paths.get(category_id, "").startswith(chosen.path)

    def _maker_bits(self, maker_id):
        countries = self.selection.countries
        maker = self.makers.get(maker_id)
        bits = _BITS["manufacturer"] if self.maker_ids and maker_id not in self.maker_ids else 0
        if countries and (maker is None or maker.country not in countries):
            bits |= _BITS["country"]
        return bits

    def rows(self, skip=None):
        """The rows the selection keeps, ignoring the selection of `skip`."""
        ignored = _BITS.get(skip, 0)
        return [row for row, failed in self.failing if not failed & ~ignored]

    def total(self):
        return sum(row[3] for row in self.rows())

    def by(self, skip, value_of):
        counts = {}
        for row in self.rows(skip):
            value = value_of(row)
            counts[value] = counts.get(value, 0) + row[3]
        return counts


def makers_of(cube, selection):
    """{id: manufacturer} of the cube's rows and the selection, from every manufacturer kept
    in the process until the catalogue changes: a search page made some 400 of them each time."""
    everyone = caching.shared(["manufacturers-by-id"], lambda: Manufacturer.objects.in_bulk())
    ids = {row[1] for row in cube.rows} | {m.pk for m in selection.manufacturers}
    found = {pk: everyone[pk] for pk in ids if pk in everyone}
    if len(found) < len(ids):  # added by a write that sent no signal (a bulk load)
        found.update(Manufacturer.objects.in_bulk(ids - found.keys()))
    return found


def category_tree(counts, categories, selected):
    """Roots with their counts; the selected category's ancestors and itself opened."""
    by_category = counts.by("category", lambda row: row[0])
    paths = {c.pk: c.path for c in categories}
    totals = {}
    for category_id, n in by_category.items():
        slugs = [s for s in paths.get(category_id, "").split("/") if s]
        for depth in range(len(slugs)):
            prefix = "/" + "/".join(slugs[:depth + 1]) + "/"
            totals[prefix] = totals.get(prefix, 0) + n
    open_paths = set()
    if selected:
        slugs = [s for s in selected.path.split("/") if s]
        open_paths = {"/" + "/".join(slugs[:i + 1]) + "/" for i in range(len(slugs))}
    nodes = {}
    roots = []
    for category in categories:  # ordered by path: parents come before children
        count = totals.get(category.path, 0)
        is_open = category.path in open_paths
        if not count and not is_open:
            continue
        node = CategoryNode(category, count, selected=bool(selected and
                            selected.pk == category.pk), expanded=is_open)
        nodes[category.pk] = node
        parent = nodes.get(category.parent_id)
        if category.parent_id is None:
            roots.append(node)
        elif parent is not None:
            parent.children.append(node)
    _fold(roots)
    return sorted(roots, key=lambda n: (n.category.position, n.category.path))


def _fold(level):
    """Show the children of opened nodes, and of a node alone on its level."""
    for node in level:
        if node.expanded or len(level) == 1:
            node.expanded = True
            _fold(node.children)
        else:
            node.children = []


def dimension_options(counts, selection, makers):
    chosen_makers = {m.pk for m in selection.manufacturers}
    by_maker = counts.by("manufacturer", lambda row: row[1])
    manufacturers = sorted(
        (Option(makers[pk].slug, makers[pk].short_name, by_maker.get(pk, 0), pk in chosen_makers)
         for pk in {pk for pk, n in by_maker.items() if n} | chosen_makers if pk in makers),
        key=lambda o: (not o.selected, -(o.count or 0), o.label))
    # The selected ones and the most frequent: a list of hundreds helps nobody choose.
    manufacturers = [o for i, o in enumerate(manufacturers) if o.selected or i < TOP_MAKERS]
    by_country = counts.by("country", lambda row: getattr(makers.get(row[1]), "country", ""))
    countries = [Option(code, label, by_country.get(code, 0), code in selection.countries)
                 for code, label in Country.choices]
    by_status = counts.by("status", lambda row: row[2])
    statuses = [Option(code, label, by_status.get(code, 0), code in selection.statuses)
                for code, label in ProductStatus.choices]
    return manufacturers, countries, statuses


# --- Parameters of the chosen category ----------------------------------------------------------

@dataclass
class ParameterFacet:
    parameter: object  # a parameter_filters.ParameterFilter: its templates share one key
    count: int = 0
    low: Decimal | None = None
    high: Decimal | None = None
    options: list = field(default_factory=list)

    @property
    def template(self):
        return self.parameter.template

    @property
    def names(self):  # the filter names: [min, max] for numbers, [values] otherwise
        return self.parameter.names

    @property
    def is_range(self):
        return self.parameter.is_range


def parameter_statistics(ids_of, templates, key):
    """{template_id: (count, low, high)} for numbers (low and high in SI),
    {template_id: [(value, count)]} else, over the entries `ids_of()` lists."""
    numeric = [t.pk for t in templates if t.kind == ParameterTemplate.Kind.NUMBER]
    listed = [t.pk for t in templates if t.kind == ParameterTemplate.Kind.MULTIPLE]
    other = [t.pk for t in templates
             if t.kind not in (ParameterTemplate.Kind.NUMBER, ParameterTemplate.Kind.MULTIPLE)]

    def compute():
        values = ProductParameter.objects.filter(product__any_of=ids_of())
        ranges = {tid: (n, low, high) for tid, n, low, high in (
            values.filter(template__in=numeric).order_by().values_list("template_id")
            .annotate(n=Count("pk"), low=Min("value_si"), high=Max("value_si"))
        )} if numeric else {}
        choices = {}
        if other:
            top = (values.filter(template__in=other).order_by().values("template_id", "value")
                   .annotate(n=Count("pk"))
                   .annotate(place=Window(RowNumber(), partition_by=[F("template_id")],
                                          order_by=[F("n").desc(), F("value").asc()]))
                   .filter(place__lte=TOP_VALUES)
                   .values_list("template_id", "value", "n"))
            for tid, value, n in top:
                choices.setdefault(tid, []).append((value, n))
            for options in choices.values():
                options.sort(key=lambda pair: (-pair[1], pair[0]))
        if listed:
            choices.update(_term_counts(values.filter(template__in=listed)))
        return ranges, choices

    return cached(["parameters", key], compute)


def _term_counts(values):
    """{template_id: [(term, count)]}: entries per term of a list parameter, summed over the
    distinct lists (an entry's list names each term once)."""
    counts = {}
    for tid, joined, n in values.order_by().values("template_id", "value_terms") \
            .annotate(n=Count("pk")).values_list("template_id", "value_terms", "n"):
        per_term = counts.setdefault(tid, {})
        for term in vocabulary.split_terms(joined):
            per_term[term] = per_term.get(term, 0) + n
    return {tid: sorted(per_term.items(), key=lambda pair: (-pair[1], pair[0]))[:TOP_VALUES]
            for tid, per_term in counts.items()}


def _merged_range(ranges, template_ids, unit):
    """(count, low, high) over the templates of one key, the bounds in `unit`."""
    found = [ranges[tid] for tid in template_ids if tid in ranges]
    lows = [low for _n, low, _high in found if low is not None]
    highs = [high for _n, _low, high in found if high is not None]
    return (sum(n for n, _low, _high in found), units.from_si(min(lows, default=None), unit),
            units.from_si(max(highs, default=None), unit))


def _merged_choices(choices, template_ids):
    """[(value, count)] over the templates of one key, the most frequent first."""
    counts = {}
    for tid in template_ids:
        for value, n in choices.get(tid, []):
            counts[value] = counts.get(value, 0) + n
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[:TOP_VALUES]


def parameter_facets(filterset, key):
    """One facet per parameter filter in scope: those the category declares with values
    among the matches, and every one the reader uses."""
    if not filterset.parameters:
        return []
    templates = [t for parameter in filterset.parameters for t in parameter.templates]
    ranges, choices = parameter_statistics(
        lambda: matching_ids(filterset, exclude=filterset.parameter_filter_names), templates, key)
    cleaned = filterset.form.cleaned_data
    facets = []
    for parameter in filterset.parameters:
        facet = ParameterFacet(parameter)
        names = parameter.names
        if facet.is_range:
            facet.count, facet.low, facet.high = _merged_range(
                ranges, parameter.template_ids, parameter.template.unit)
        else:
            chosen = list(cleaned.get(names[0]) or [])
            listed = _merged_choices(choices, parameter.template_ids)
            facet.count = sum(n for _v, n in listed)
            facet.options = [Option(v, vocabulary.label(v), n, v in chosen) for v, n in listed]
            known = {v for v, _n in listed}
            facet.options += [Option(v, v, None, True) for v in chosen if v not in known]
            facet.options.sort(key=lambda o: not o.selected)  # stable: counts order stays
        selected = any(cleaned.get(name) not in (None, [], "") for name in names)
        if facet.count or selected:
            facets.append(facet)
    return facets


def format_number(value):
    """80.000000 → 80, 2.200000 → 2.2: a stored number as people write it."""
    if value is None:
        return ""
    text = f"{Decimal(value).normalize():f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# --- Everything a result page shows -------------------------------------------------------------

@dataclass
class Panel:
    total: int | None
    total_exact: bool
    partial: bool
    categories: list
    manufacturers: list
    countries: list
    statuses: list
    parameters: list
    codes: list  # [CodeFacet]: OKPD2 groups and TN VED headings among the matches


@dataclass
class CodeFacet:
    title: str
    options: list  # [Option]: value and label the group (26.11, 8542)


# The code facets count the first two groups of an OKPD2 code (26.11) and the four-digit
# heading of a TN VED code (8542): fine enough to tell chips from discretes, few enough to list.
TOP_CODES = 10


def _okpd2_group(code):
    return ".".join(code.split(".")[:2])


def _tnved_heading(code):
    return code[:4]


def code_statistics(filterset, key):
    """{"okpd2_code": [(group, count)], "tnved_code": [(heading, count)]}, the most frequent
    first, over the matches of every filter but the code's own (so the reader can switch to a
    sibling group); like the other facets, over the first CAP + 1 matches at most."""
    def compute():
        rows = Product.objects.filter(pk__any_of=matching_ids(filterset, exclude=("code",)))
        okpd2, tnved = {}, {}  # both codes counted in one pass over the rows
        for okpd2_code, tnved_code, n in rows.order_by().values_list(
                "okpd2_code", "tnved_code").annotate(n=Count("pk")):
            for counts, code, group_of in ((okpd2, okpd2_code, _okpd2_group),
                                           (tnved, tnved_code, _tnved_heading)):
                if code:
                    counts[group_of(code)] = counts.get(group_of(code), 0) + n
        return {column: sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
                for column, counts in (("okpd2_code", okpd2), ("tnved_code", tnved))}

    return cached(["codes", key], compute)


def code_facets(filterset, key):
    chosen = "".join((filterset.form.cleaned_data.get("code") or "").split())
    found = code_statistics(filterset, key)
    facets = []
    for column, title in (("okpd2_code", _("OKPD2 / OKRB")), ("tnved_code", _("TN VED EAEU"))):
        options = [Option(value, value, n, value == chosen)
                   for value, n in found[column][:TOP_CODES]]
        if options:
            facets.append(CodeFacet(title, options))
    return facets


def row_filter_key(filterset):
    """What identifies the row-filtered set: the valid non-dimension filter values."""
    from .filters import DIMENSIONS

    return sorted((name, value) for name, value in
                  ((n, filterset.form.cleaned_data[n]) for n in filterset.form.cleaned_data)
                  if name not in DIMENSIONS and value not in (None, "", []))


def panel_for(filterset):
    """Facets and the total for a valid, bound filterset."""
    from .filters import DIMENSIONS

    selection = Selection.of(filterset.form.cleaned_data)
    row_key = row_filter_key(filterset)
    if row_key:
        cube = matches_cube(lambda: matching_ids(filterset, exclude=DIMENSIONS), row_key)
    else:
        cube = register_cube()
    makers = makers_of(cube, selection)
    categories = all_categories()
    counts = CubeCounts(cube, selection, makers, categories)
    if cube.partial:  # counted past the cube's cap: kept like the counts themselves
        total, exact = cached(["total", row_key, selection.key()],
                              lambda: capped_count(matching_ids(filterset)))
    else:
        total, exact = counts.total(), True
    manufacturers, countries, statuses = dimension_options(counts, selection, makers)
    return Panel(
        total=total, total_exact=exact, partial=cube.partial,
        categories=category_tree(counts, categories, selection.category),
        manufacturers=manufacturers, countries=countries, statuses=statuses,
        parameters=parameter_facets(filterset, [row_key, selection.key()]),
        codes=code_facets(filterset, [[item for item in row_key if item[0] != "code"],
                                      selection.key()]),
    )
