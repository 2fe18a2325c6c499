"""The public directory of manufacturers: who makes what, found by name, identifier, country
and category, with the number of entries in force of each.

The counts and the category filter are read from the register's cached cube (facets.py): one
grouped pass over the entries, shared with the home page, so the directory costs no scan of
the entries per visit.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from manufacturers.filters import ManufacturerFilterSet

from . import facets
from .fields import SlugChoiceFilter
from .models import Category, ProductStatus


@dataclass
class Holdings:
    """Entries in force per manufacturer, and which manufacturers hold them per category path
    (a category counts the entries of its subcategories)."""

    entries: Counter
    makers_by_path: dict

    @classmethod
    def of_register(cls):
        paths = {c.pk: c.path for c in facets.all_categories()}
        entries, makers_by_path = Counter(), defaultdict(set)
        for category_id, maker_id, status, count in facets.register_cube().rows:
            if status != ProductStatus.REGISTERED:
                continue
            entries[maker_id] += count
            for prefix in _prefixes(paths.get(category_id, "")):
                makers_by_path[prefix].add(maker_id)
        return cls(entries, makers_by_path)

    def makers_in(self, category):
        return self.makers_by_path.get(category.path, set())


def _prefixes(path):
    """"/ics/logic/" → "/ics/", "/ics/logic/"."""
    slugs = [slug for slug in path.split("/") if slug]
    return ["/" + "/".join(slugs[:depth + 1]) + "/" for depth in range(len(slugs))]


@extend_schema_field(OpenApiTypes.STR)
class CategorySlugFilter(SlugChoiceFilter):
    """A category's slug (the schema cannot see it through a manufacturer's fields)."""


class DirectoryFilterSet(ManufacturerFilterSet):
    """The manufacturers' filters, and a category: makers with entries in force in it."""

    category = CategorySlugFilter(
        method="filter_category", to_field_name="slug", queryset=Category.objects.all(),
        label=_("Category (with subcategories)"),
    )

    class Meta(ManufacturerFilterSet.Meta):
        fields = [*ManufacturerFilterSet.Meta.fields, "category"]

    def filter_category(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=Holdings.of_register().makers_in(value))


@dataclass
class CategoryOption:
    category: Category
    makers: int
    selected: bool


def category_options(holdings, selected):
    """The root categories, or the chosen one's children, each with how many makers hold
    entries in it; the chosen category and its ancestors first, so a reader can step back."""
    categories = facets.all_categories()
    depth = selected.depth + 1 if selected else 0
    parent = selected.path if selected else ""
    options = [CategoryOption(c, len(holdings.makers_in(c)), False) for c in categories
               if c.depth == depth and c.path.startswith(parent)]
    trail = [CategoryOption(c, len(holdings.makers_in(c)), c == selected)
             for c in selected.ancestors()] if selected else []
    return trail, [option for option in options if option.makers]
