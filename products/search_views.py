"""The search page and its exports: one FilterSet, one ordering, the URL holds everything."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from manufacturers.models import Country

from . import exports, facets, grid, querystrings, units
from .filters import ProductFilterSet
from .models import Product, ProductStatus
from .search import (
    NEWEST,
    OLDEST,
    ORDERINGS,
    PART_NUMBER,
    RELEVANCE,
    order_entries,
    suggest_part_numbers,
)

PAGE_SIZES = (20, 50, 100)
SORTS = [
    (RELEVANCE, gettext_lazy("most relevant first")),
    (PART_NUMBER, gettext_lazy("by part number")),
    (NEWEST, gettext_lazy("newest registrations first")),
    (OLDEST, gettext_lazy("oldest registrations first")),
]


class CountedPaginator(Paginator):
    """A paginator told its count (from the facet cube) instead of counting again."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


@dataclass
class Chip:
    label: str
    value: str
    url: str


def page_size(request):
    try:
        size = int(request.GET.get("per_page", ""))
    except ValueError:
        return PAGE_SIZES[0]
    return size if size in PAGE_SIZES else PAGE_SIZES[0]


def chosen_sort(request, has_query, columns=()):
    sort = request.GET.get("sort", "")
    if grid.sort_column(sort, columns)[0] is not None:
        return sort
    if sort not in ORDERINGS:
        return RELEVANCE if has_query else NEWEST
    return NEWEST if sort == RELEVANCE and not has_query else sort


def ordered(results, sort, has_query, columns):
    column, descending = grid.sort_column(sort, columns)
    if column is not None:
        return grid.order_by_column(results, column, descending)
    return order_entries(results, sort, has_query)


def paged(results):
    """What the paginator slices: ranked results by RanksFirst, others in one query."""
    return RanksFirst(results) if RanksFirst.ranked(results) else results.with_related()


class RanksFirst:
    """Results in relevance order, a page read in two steps: the page's ids ranked over
    every candidate, then those entries with their manufacturer and category. Ranking reads
    up to ten thousand candidates; joining each of them before the sort doubled the query
    (67 against 40 ms for a word on a million entries)."""

    RANKS = ("match_rank", "text_rank")

    def __init__(self, results):
        self.results = results

    @classmethod
    def ranked(cls, results):
        return any(name in results.query.annotations for name in cls.RANKS)

    def __getitem__(self, window):
        # The ranks are selected, so that the ordering names them rather than repeating
        # their expressions.
        ranks = [name for name in self.RANKS if name in self.results.query.annotations]
        ids = [row[0] for row in self.results.values_list("pk", *ranks)[window]]
        entries = Product.objects.with_related().in_bulk(ids)
        return [entries[pk] for pk in ids if pk in entries]


def entries_filterset(request):
    return ProductFilterSet(filled(request.GET),
                            queryset=Product.objects.restrict(request.user), request=request)


def filled(query):
    """The query without empty values: an empty field means "not set", not "match ''"."""
    data = query.copy()
    for name in list(data):
        values = [v for v in data.getlist(name) if v.strip()]
        if values:
            data.setlist(name, values)
        else:
            del data[name]
    return data


def search(request):
    filterset = entries_filterset(request)
    context = {"filterset": filterset, "page_sizes": PAGE_SIZES, "per_page": page_size(request),
               "sorts": SORTS}
    if not filterset.is_valid():
        context.update(errors=filter_errors(filterset), sort=chosen_sort(request, False))
        return render(request, "products/search.html", context, status=400)
    cleaned = filterset.form.cleaned_data
    has_query = bool(cleaned.get("q") or cleaned.get("part_number"))
    columns = grid.columns_of(filterset, request.GET)
    sort = chosen_sort(request, has_query, columns)
    results = filterset.qs
    panel = facets.panel_for(filterset)
    pageable = min(panel.total if panel.total is not None else facets.CAP, facets.CAP)
    paginator = CountedPaginator(paged(ordered(results, sort, has_query, columns)),
                                 context["per_page"], pageable)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET
    shown = [column for column in columns if column.chosen]
    values = grid.values_of([entry.pk for entry in page.object_list], shown)
    for entry in page.object_list:
        entry.column_cells = [(c, values.get(entry.pk, {}).get(c.key, "—")) for c in shown]
    grid.mark_sorting(shown, sort, query)
    for node in _walk(panel.categories):
        node.url = querystrings.with_category(query, node.category.slug)
    for facet in panel.codes:
        for option in facet.options:
            option.url = querystrings.replaced(query, code=None if option.selected
                                               else option.value)
    context.update(
        panel=panel, page=page, sort=sort, has_query=has_query,
        chips=active_filters(filterset, query),
        all_categories_url=querystrings.with_category(query, None),
        suggestions=(suggest_part_numbers(cleaned.get("q") or cleaned.get("part_number"))
                     if has_query and not panel.total else []),
        export_query=querystrings.without(query, "per_page"),
        page_links=paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        cap=facets.CAP,
        beyond_pages=panel.total is None or panel.total > facets.CAP,
        columns=columns, shown_columns=shown,
    )
    return render(request, "products/search.html", context)


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)


def filter_errors(filterset):
    errors = []
    for name, messages in filterset.errors.items():
        field = filterset.form.fields.get(name)
        label = field.label if field is not None and field.label else name
        errors += [f"{label}: {message}" for message in messages]
    return errors


def active_filters(filterset, query):
    """The reader's filters, each with a link that removes it."""
    cleaned = filterset.form.cleaned_data
    chips = []
    for name, label in (("q", _("Query")), ("part_number", _("Part number")),
                        ("code", _("Code"))):
        if cleaned.get(name):
            chips.append(Chip(label, cleaned[name], querystrings.without_value(query, name)))
    if cleaned.get("category"):
        chips.append(Chip(_("Category"), cleaned["category"].name,
                          querystrings.with_category(query, None)))
    for maker in cleaned.get("manufacturer") or []:
        chips.append(Chip(_("Manufacturer"), maker.short_name,
                          querystrings.without_value(query, "manufacturer", maker.slug)))
    for code in cleaned.get("country") or []:
        chips.append(Chip(_("Country"), Country(code).label,
                          querystrings.without_value(query, "country", code)))
    for code in cleaned.get("status") or []:
        chips.append(Chip(_("Status"), ProductStatus(code).label,
                          querystrings.without_value(query, "status", code)))
    if cleaned.get("updated_since"):
        chips.append(Chip(_("Changed since"), cleaned["updated_since"].date().isoformat(),
                          querystrings.without_value(query, "updated_since")))
    for parameter in filterset.parameters:
        chips += _parameter_chips(parameter, cleaned, query)
    return chips


def _parameter_chips(parameter, cleaned, query):
    names, template = parameter.names, parameter.template
    unit = f" {units.shown(template.unit)}" if template.unit else ""
    if not parameter.is_range:
        return [Chip(template.name, value, querystrings.without_value(query, names[0], value))
                for value in cleaned.get(names[0]) or []]
    chips = []
    for name, sign in zip(names, ("≥", "≤"), strict=True):
        if cleaned.get(name) is not None:
            chips.append(Chip(template.name, f"{sign} {facets.format_number(cleaned[name])}{unit}",
                              querystrings.without_value(query, name)))
    return chips


def export(request, file_format):
    """The whole result of a search as CSV or XLSX, in the page's order, streamed."""
    filterset = entries_filterset(request)
    if not filterset.is_valid():
        context = {"filterset": filterset, "errors": filter_errors(filterset),
                   "page_sizes": PAGE_SIZES, "per_page": PAGE_SIZES[0], "sort": NEWEST,
                   "sorts": SORTS}
        return render(request, "products/search.html", context, status=400)
    cleaned = filterset.form.cleaned_data
    has_query = bool(cleaned.get("q") or cleaned.get("part_number"))
    columns = grid.columns_of(filterset, request.GET)
    rows = ordered(filterset.qs, chosen_sort(request, has_query, columns), has_query, columns)
    # Every parameter of the chosen category, the chosen columns first.
    columns.sort(key=lambda column: not column.chosen)
    return exports.entries_response(request, rows, file_format, columns)
