"""The results grid's parameter columns: which parameters of the chosen category a search
shows (`?col=<key>`, repeated; the first few by default), sorting by one of them
(`?sort=p.<key>` ascending, `?sort=-p.<key>` descending), and their values for a page of rows
or an export, read in one query per page or chunk.
"""

from dataclasses import dataclass, field

from django.db.models import F, OuterRef, Subquery

from . import querystrings, units
from .models import ProductParameter

DEFAULT_COLUMNS = 4
SORT_PREFIX = "p."


@dataclass
class Column:
    key: str
    name: str
    unit: str
    is_number: bool
    template_ids: list = field(default_factory=list)
    chosen: bool = False

    @property
    def label(self):
        return f"{self.name}, {units.shown(self.unit)}" if self.unit else self.name


def columns_of(filterset, query):
    """Every parameter column the search can show, those the reader chose marked."""
    columns = [Column(p.key, p.template.name, p.template.unit, p.is_range,
                      [t.pk for t in p.templates]) for p in filterset.parameters]
    asked = set(query.getlist("col"))
    if asked:
        for column in columns:
            column.chosen = column.key in asked
        return columns
    # By default the parameters particular to the category (a microcontroller's clock and
    # flash) before those every chip shares (supply voltage, temperature).
    depth = {p.key: max(t.category.depth for t in p.templates) for p in filterset.parameters}
    particular = sorted(range(len(columns)), key=lambda i: -depth[columns[i].key])
    for index in particular[:DEFAULT_COLUMNS]:
        columns[index].chosen = True
    return columns


def sort_column(sort, columns):
    """(column, descending) when `sort` names a parameter column, else (None, False)."""
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if not key.startswith(SORT_PREFIX):
        return None, False
    column = next((c for c in columns if c.key == key[len(SORT_PREFIX):]), None)
    return column, descending


def mark_sorting(columns, sort, query):
    """Each column's sort state and the link that sorts by it (again: the other way)."""
    for column in columns:
        ascending = SORT_PREFIX + column.key
        descending = "-" + ascending
        column.sorted = {ascending: "ascending", descending: "descending"}.get(sort, "")
        column.sort_url = querystrings.replaced(
            query, sort=descending if sort == ascending else ascending)


def order_by_column(queryset, column, descending):
    """Entries by the column's value (numbers as numbers), entries without one last."""
    value = "value_si" if column.is_number else "value"
    first = Subquery(ProductParameter.objects.filter(
        product=OuterRef("pk"), template__in=column.template_ids)
        .order_by(value).values(value)[:1])
    ordered = F("_column_value").desc(nulls_last=True) if descending \
        else F("_column_value").asc(nulls_last=True)
    return queryset.annotate(_column_value=first).order_by(ordered, "part_number", "pk")


def values_of(product_ids, columns):
    """{product id: {column key: "80 МГц"}} for the given rows, one query."""
    by_template = {pk: column for column in columns for pk in column.template_ids}
    result: dict[int, dict[str, str]] = {}
    if not product_ids or not by_template:
        return result
    rows = ProductParameter.objects.filter(product__in=product_ids, template__in=by_template) \
        .order_by("pk").values_list("product_id", "template_id", "value")
    for product_id, template_id, value in rows:
        column = by_template[template_id]
        shown = f"{value} {units.shown(column.unit)}" if column.unit else value
        result.setdefault(product_id, {}).setdefault(column.key, shown)
    return result
