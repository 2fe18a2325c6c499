"""What is known of a foreign part: its category, package and parameters.

First from the reference catalogue (ForeignPart): the row for this ordering code, the row
whose ordering-code pattern it fits (STM32F103C8Tx), or the longest part number it extends
(LM317 for LM317T). Failing that, from the entries that declare the part or its family as an
analog: they give the category and the parameters the comparison starts from. The package
comes from the catalogue or from the ordering code's suffix (packages.from_ordering_code).
"""

import re
from dataclasses import dataclass, field

from .. import caching, partnumbers
from ..models import Category, ParameterTemplate
from ..models.foreign import named_for_a_package
from . import packages

CATALOGUE, FAMILY, DECLARED = "catalogue", "family", "declared"


@dataclass
class Profile:
    part: str
    category: Category | None = None
    package: packages.Package | None = None
    parameters: dict = field(default_factory=dict)  # {template key: value as written}
    # Where the values come from: CATALOGUE (the part's ForeignPart), FAMILY (what the
    # catalogue's rows of its family share; reference: one of them) or DECLARED (an entry
    # declaring the part stands in for it), with that row; None when nothing is known.
    source: str | None = None
    reference: object = None
    # Its comparers by (category, entry's category path): one part meets tens of entries.
    comparers: dict = field(default_factory=dict, repr=False, compare=False)


def categories_by_id():
    return caching.shared(["categories-by-id"], lambda: {
        c.pk: c for c in Category.objects.order_by("path")})


def all_templates():
    """Every parameter template with its category: a small table, cached like the facets."""
    return caching.shared(["substitution-templates"], lambda: list(
        ParameterTemplate.objects.select_related("category")
        .order_by("category__path", "position", "pk")))


def templates_of(category, templates):
    """{key: template} a category's entries carry (its own and its ancestors'), in order."""
    if category is None:
        return {}
    found: dict[str, ParameterTemplate] = {}
    for template in templates:
        if category.path.startswith(template.category.path):
            found.setdefault(template.key, template)
    return found


@dataclass
class Columns:
    """What a comparison in one category shows: {key: template} in order, and each
    parameter's name in the current language (read once, not once per row)."""

    templates: dict
    names: dict

    @classmethod
    def of(cls, category, templates):
        own = templates_of(category, templates)
        return cls(own, {key: str(template.name) for key, template in own.items()})


def _pattern(ordering_pattern):
    """A regular expression from an ordering-code pattern: a lower-case x is any character."""
    return re.compile("".join("." if ch == "x" else re.escape(partnumbers.plain(ch))
                              for ch in ordering_pattern))


def catalogue_row(part, keys, rows, package=None):
    """The reference row for an ordering code among the rows of its family, or None; of rows
    it extends equally (LM317_SOT-223, LM317_TO-220), the one in `package`, its suffix's."""
    plain = partnumbers.plain(part)
    for row in rows:
        if row.key_lookalike == keys.lookalike:
            return row
    for row in rows:
        if row.ordering_pattern and _pattern(row.ordering_pattern).match(plain):
            return row
    extended = [row for row in rows if keys.skeleton.startswith(row.key_skeleton)]
    if not extended and not keys.family.isdigit():
        # Another maker's prefix on a lettered family: SN74HC164N extends 74HC164. Where the
        # family is digits only, the prefix names the part (BC337 is no LM337).
        own = _unprefixed(keys.skeleton, keys.family)
        extended = [row for row in rows
                    if own.startswith(_unprefixed(row.key_skeleton, row.key_family))]
    if not extended and (cmos := partnumbers.CMOS_4000.match(plain)):
        # KiCad lists the 4000 series by number: CD4011BE and HEF4011B are its 4011.
        extended = [row for row in rows if row.key_skeleton == cmos.group(1)]
    return max(extended, key=lambda row: (len(row.key_skeleton), _in(row, package)),
               default=None)


def _in(row, package):
    own = packages.normalise(row.package)
    return package is not None and own is not None and own.kind == package.kind


def _unprefixed(skeleton, family):
    """A skeleton from where its family begins: without the maker's prefix (SN, MC, К)."""
    start = skeleton.find(family) if family else -1
    return skeleton[start:] if start > 0 else skeleton


def _shared(rows):
    """What every catalogue row of a family agrees on: (category, parameters)."""
    categories = {row.category for row in rows}
    common = dict(rows[0].parameters or {})
    for row in rows[1:]:
        common = {k: v for k, v in common.items() if (row.parameters or {}).get(k) == v}
    return (categories.pop() if len(categories) == 1 else None), common


def profile_of(part, keys, family_rows, declared, entry_values):
    """The Profile of `part`.

    family_rows: catalogue rows of its family; declared: its declared analogs, best first;
    entry_values: {product id: {key: value}} of the declaring entries.
    """
    suffix_package = packages.from_ordering_code(part)
    row = catalogue_row(part, keys, family_rows, suffix_package)
    if row is not None:
        return Profile(part, row.category, _catalogue_package(row, keys, suffix_package),
                       dict(row.parameters or {}), CATALOGUE, row)
    package = suffix_package.with_pins(_family_pins(family_rows, declared)) \
        if suffix_package else None
    if declared:
        entry = declared[0].product
        return Profile(part, entry.category, package, dict(entry_values.get(entry.pk, {})),
                       DECLARED, entry)
    if family_rows:
        category, parameters = _shared(family_rows)
        if category is not None:
            return Profile(part, category, package, parameters, FAMILY, family_rows[0])
    return Profile(part, package=package)


def _catalogue_package(row, keys, suffix_package):
    """The package of a part its catalogue row describes. A row named for one package of the
    part (KiCad's LM317_SOT-223) does not say the package of another ordering code of it
    (LM317T): the code's own suffix does, when it names one."""
    own = packages.normalise(row.package)
    if own and suffix_package and named_for_a_package(row.part_number) \
            and row.key_lookalike != keys.lookalike:
        return suffix_package
    package = own or suffix_package
    return package.with_pins(row.pin_count) if package else None


def _family_pins(family_rows, declared):
    """The pin count the family has in every package: the catalogue's, or the one a
    pin-to-pin declaration fixes (a pin-to-pin part has the foreign part's pinout)."""
    counts = {row.pin_count for row in family_rows if row.pin_count}
    if len(counts) == 1:
        return counts.pop()
    declared_counts = {
        package.pins for analog in declared if analog.compatibility == "pin_to_pin"
        for package in [packages.normalise(analog.product.package)]
        if package and package.pins and package.kind not in packages.OUTLINE_PINS}
    return declared_counts.pop() if len(declared_counts) == 1 else None
