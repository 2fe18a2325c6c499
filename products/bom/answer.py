"""The answer to a bill of materials: every line as it came, with the candidates of its part.

Each distinct part is looked up once, in a few batched queries (find_substitutes_for_many).
The engine's candidates are read through `candidate_of` alone, so that the page, the
download and the API show the same level, score and package note.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from ..designations import designation_of, is_section_title
from ..substitutes import find_substitutes_for_many
from .layout import header_names

# Product ids checked against a visibility queryset per query.
VISIBLE_BATCH = 1000
# The best candidates shown per line; the substitutes page of the part lists them all. A
# thousand-line list is read for its best few, and weighing only those keeps it fast.
CANDIDATES_PER_LINE = 5


@dataclass(frozen=True)
class Candidate:
    product: object  # products.models.Product, with manufacturer and category loaded
    level: str  # "pin_to_pin" | "functional" | "parametric"
    level_label: str
    score: int | None  # 0–100; None when the engine does not score
    package_note: str


def candidate_of(found):
    """The part of one of the engine's candidates that a BOM answer shows and exports."""
    return Candidate(found.product, found.level, str(found.level_label), found.score,
                     str(found.package_note or ""))


@dataclass
class Line:
    number: int  # the line of the file, or of the list sent
    cells: list  # every original cell, one per column of the table
    part: str  # the part number read from the part column
    quantity: str
    section: bool = False  # a group title of a parts list, not a part
    candidates: list = field(default_factory=list)
    more: bool = False  # the part has more candidates than the line shows

    @property
    def asked(self):
        """Whether the register was asked about this line."""
        return bool(self.part) and not self.section


def answer(rows, layout, visible=None):
    """The lines below the header, each with the candidates of its part; only products of
    the `visible` queryset when one is given."""
    start = 0 if layout.header is None else layout.header + 1
    width = max((len(cells) for _n, cells in rows), default=0)
    lines = []
    for number, cells in rows[start:]:
        quantity = _cell(cells, layout.quantity)
        part = designation_of(_cell(cells, layout.part))
        lines.append(Line(number, cells + [""] * (width - len(cells)), part, quantity,
                          section=is_section_title(part, quantity)))
    # One more than shown, to tell whether there are more.
    found = find_substitutes_for_many((line.part for line in lines if line.asked),
                                      limit=CANDIDATES_PER_LINE + 1)
    for line in lines:
        if line.asked:
            line.candidates = [candidate_of(c) for c in found.get(line.part, [])]
    if visible is not None:
        _keep_visible(lines, visible)
    for line in lines:
        line.more = len(line.candidates) > CANDIDATES_PER_LINE
        del line.candidates[CANDIDATES_PER_LINE:]
    return lines


def _cell(cells, index):
    return cells[index] if index is not None and index < len(cells) else ""


def _keep_visible(lines, visible):
    ids = sorted({c.product.pk for line in lines for c in line.candidates})
    shown = set()
    for start in range(0, len(ids), VISIBLE_BATCH):
        shown.update(visible.filter(pk__in=ids[start:start + VISIBLE_BATCH])
                     .values_list("pk", flat=True))
    for line in lines:
        line.candidates = [c for c in line.candidates if c.product.pk in shown]


def summary(lines):
    asked = [line for line in lines if line.asked]
    found = sum(1 for line in asked if line.candidates)
    return {"lines": len(lines), "asked": len(asked), "found": found,
            "missing": len(asked) - found}


# --- Downloads ----------------------------------------------------------------------------------

ANSWER_HEADER = [
    _("Part number read"), _("Substitute"), _("Name"), _("Manufacturer"), _("Country"),
    _("Compatibility"), _("Score"), _("Package"), _("Registry number"), _("Link"),
]


def download_header(rows, layout):
    """The line number, every original column, then the candidate's columns."""
    return [_("Line"), *header_names(rows, layout.header), *ANSWER_HEADER]


def download_rows(lines, site):
    """A row per candidate (a line without one gets a row saying so), original cells first."""
    for line in lines:
        head = [line.number, *line.cells]
        if line.section:
            yield [*head, "", str(_("section title"))]
        elif not line.part:
            yield [*head, "", str(_("no part number on this line"))]
        elif not line.candidates:
            yield [*head, line.part, str(_("no registered substitute"))]
        for candidate in line.candidates:
            product = candidate.product
            yield [
                *head, line.part, product.part_number, product.name,
                product.manufacturer.short_name, product.manufacturer.get_country_display(),
                candidate.level_label, candidate.score, candidate.package_note,
                product.registry_number, site + product.get_absolute_url(),
            ]
