"""Which row of a bill of materials is its header and which columns hold the part and the count.

The header row is the one whose cells read most like column titles. The part column is chosen
by its values — the share of its cells that look like part numbers — with the title only
breaking near-ties, because titles mislead: in a ГОСТ 2.701 list "Поз. обозначение" holds
position designators (DD1, R1-R4) and the parts are under "Наименование". When the column in
use still does not look like part numbers, the reader is told so, with the columns that do.
"""

import re
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from ..designations import looks_like_part_number

PREVIEW_ROWS = 10
# Cells of each column weighed when choosing: enough to judge, cheap on a long list.
SAMPLE_ROWS = 200
# Below this share of part-number-like cells a part column is said not to hold part numbers.
LIKELY_SHARE = 0.5
# How much a title counts against values when choosing the part column.
TITLE_WEIGHT = 0.5


def _words(*phrases):
    return re.compile(r"(?:^|[^\w/])(?:" + "|".join(phrases) + r")(?:$|[^\w/])",
                      re.IGNORECASE)


# Titles, checked in this order: a designator title first, because "Поз. обозначение" also
# holds the word "обозначение" of a part title.
DESIGNATOR_TITLES = _words(r"поз\w*", r"ref\w*", r"designators?", r"refdes")
PART_TITLES = _words(
    r"mpn", r"p/?n", r"part\s*(?:no|number|#)?", r"part_?number", r"manufacturer_part_number",
    r"mfr\.?\s*(?:part|p/?n)\w*", r"component", r"article", r"type", r"номер", r"обозначение",
    r"наименование", r"тип", r"артикул", r"компонент", r"партномер")
OTHER_TITLES = _words(
    r"footprint", r"package", r"корпус", r"description", r"описание", r"примечани\w*",
    r"note\w*", r"manufacturer", r"производитель", r"изготовитель", r"supplier", r"поставщик",
    r"datasheet", r"dnp", r"price", r"цена")
# Titles of columns that hold part numbers for some lines and values for others: neutral.
MIXED_TITLES = _words(r"value", r"номинал", r"comment", r"libref")
QUANTITY_TITLES = _words(r"qty", r"quantity", r"amount", r"count", r"pcs", r"кол\w*", r"шт")


@dataclass
class Layout:
    header: int | None  # index into the rows of the header row, None for none
    part: int
    quantity: int | None


@dataclass
class Column:
    index: int
    label: str  # "C: Наименование"
    share: float  # of its non-empty cells below the header that look like part numbers

    @property
    def percent(self):
        return round(self.share * 100)


def column_count(rows):
    return max((len(cells) for _n, cells in rows), default=0)


def column_letters(rows):
    return [get_column_letter(index + 1) for index in range(column_count(rows))]


def header_names(rows, header_index):
    """The title of each column: its header cell, or its letter where it has none."""
    header = rows[header_index][1] if header_index is not None else []
    letters = column_letters(rows)
    return [header[i] if i < len(header) and header[i] else letters[i]
            for i in range(len(letters))]


def column_labels(rows, header_index=None):
    """'A', 'B: Part number', … for the columns of the table."""
    header = rows[header_index][1] if header_index is not None else []
    return [f"{letter}: {header[i]}" if i < len(header) and header[i] else letter
            for i, letter in enumerate(column_letters(rows))]


def _is_title(cell):
    return any(p.search(cell) for p in (DESIGNATOR_TITLES, PART_TITLES, OTHER_TITLES,
                                        MIXED_TITLES, QUANTITY_TITLES))


def _title_hint(cell):
    """+1 for a part title, -1 for a title of something else, 0 for none."""
    if DESIGNATOR_TITLES.search(cell):
        return -1
    if PART_TITLES.search(cell):
        return 1
    return -1 if OTHER_TITLES.search(cell) or QUANTITY_TITLES.search(cell) else 0


def guess_header(rows):
    best, best_count = None, 0
    for index, (_number, cells) in enumerate(rows[:PREVIEW_ROWS]):
        count = sum(1 for cell in cells if cell and _is_title(cell))
        if count > best_count:
            best, best_count = index, count
    return best


def _body(rows, header):
    start = 0 if header is None else header + 1
    return rows[start:start + SAMPLE_ROWS]


def columns(rows, header):
    """Every column with its label and the share of its cells that look like part numbers."""
    body = _body(rows, header)
    found = []
    for index, label in enumerate(column_labels(rows, header)):
        cells = [cells[index] for _n, cells in body if index < len(cells) and cells[index]]
        share = sum(map(looks_like_part_number, cells)) / len(cells) if cells else 0.0
        found.append(Column(index, label, share))
    return found


def guess_layout(rows):
    """The likeliest header row and columns, so that the first answer is usually right."""
    header = guess_header(rows)
    titles = rows[header][1] if header is not None else []

    def hint(index):
        return _title_hint(titles[index]) if index < len(titles) and titles[index] else 0

    ranked = sorted(columns(rows, header),
                    key=lambda c: (-(c.share + TITLE_WEIGHT * hint(c.index)), c.index))
    part = ranked[0].index if ranked else 0
    return Layout(header, part, _quantity_column(rows, header, titles, part))


def _quantity_column(rows, header, titles, part):
    titled = [i for i, cell in enumerate(titles) if i != part and QUANTITY_TITLES.search(cell)]
    if titled:
        return titled[0]
    body = _body(rows, header)
    best, best_share = None, 0.8  # counts in at least four cells of five
    for index in range(column_count(rows)):
        cells = [cells[index] for _n, cells in body if index < len(cells) and cells[index]]
        share = sum(cell.isdigit() for cell in cells) / len(cells) if cells else 0
        if index != part and share >= best_share and (best is None or share > best_share):
            best, best_share = index, share
    return best


@dataclass
class ColumnWarning:
    column: Column  # the part column in use
    others: list  # [Column] that look more like part numbers, best first


def check_part_column(rows, layout):
    """A ColumnWarning when the part column in use does not look like part numbers; None when it
    does (or when there is nothing to judge)."""
    found = columns(rows, layout.header)
    if layout.part >= len(found):
        return None
    chosen = found[layout.part]
    body = _body(rows, layout.header)
    if chosen.share >= LIKELY_SHARE or not any(
            layout.part < len(cells) and cells[layout.part] for _n, cells in body):
        return None
    others = sorted((c for c in found if c.index != layout.part and c.share > chosen.share),
                    key=lambda c: (-c.share, c.index))
    return ColumnWarning(chosen, others)


