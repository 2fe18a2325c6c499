"""Parameter by parameter: how a domestic entry compares with the foreign part it replaces.

Whether a higher value is better depends on the parameter (a higher maximum voltage is, a
higher minimum supply voltage is not), so each parameter key gets one direction in DIRECTIONS.
"""

import re
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from .. import vocabulary
from ..models import ProductParameter

HIGHER = "higher"  # more is better: maximum ratings, clock, memory, upper temperature
LOWER = "lower"  # less is better: lower ends of ranges (wider range), on-resistance
SAME = "same"  # must be equal: output voltage, core, polarity, memory type
TEXT = "text"  # described in words: equal when the words are, otherwise not judged

DIRECTIONS = {
    # Ranges: a wider supply or temperature range is better.
    "supply_voltage_min": LOWER, "supply_voltage_max": HIGHER,
    "temp_min": LOWER, "temp_max": HIGHER,
    # Computing and memory.
    "core": SAME, "architecture": SAME, "clock_mhz": HIGHER, "flash_kb": HIGHER,
    "ram_kb": HIGHER, "eeprom_kb": HIGHER, "cores": HIGHER, "gpio_count": HIGHER,
    "logic_cells": HIGHER, "memory_type": SAME, "capacity_kbit": HIGHER,
    "access_time_ns": LOWER, "power_w": HIGHER,
    # Logic, converters, interfaces, RF.
    "logic_family": SAME, "resolution_bits": HIGHER, "sample_rate_msps": HIGHER,
    "interface_standard": SAME, "channels": HIGHER, "data_rate_kbps": HIGHER,
    "frequency_max_mhz": HIGHER,
    # Power management.
    "output_voltage": SAME, "output_current": HIGHER, "dropout_voltage": LOWER,
    "input_voltage_max": HIGHER,
    # Amplifiers and comparators.
    "gain_bandwidth_mhz": HIGHER, "slew_rate": HIGHER, "offset_voltage_mv": LOWER,
    # Discrete semiconductors.
    "diode_type": SAME, "reverse_voltage_max": HIGHER, "forward_current_max": HIGHER,
    "zener_voltage": SAME, "polarity": SAME, "vce_max": HIGHER, "ic_max": HIGHER,
    "channel": SAME, "vds_max": HIGHER, "id_max": HIGHER, "rds_on_mohm": LOWER,
    "vdrm": HIGHER, "it_avg": HIGHER, "vces": HIGHER, "ic_nom": HIGHER,
    # Others.
    "measured_quantity": SAME, "colour": SAME, "resolution_nm": LOWER,
    "wafer_diameter_mm": SAME, "function": TEXT, "interfaces": TEXT,
}
# Where one key means different things in different categories.
CATEGORY_DIRECTIONS = {
    ("processors", "power_w"): LOWER,  # consumption, not dissipation
}

# Two numbers this close are the same value (5 V and 5.02 V outputs are one regulator class).
SAME_TOLERANCE = Decimal("0.01")

EQUAL, BETTER, WORSE, UNKNOWN = "equal", "better", "worse", "unknown"
VERDICT_LABELS = {EQUAL: _("equal"), BETTER: _("better"), WORSE: _("worse"),
                  UNKNOWN: _("unknown")}


class ComparisonRow(NamedTuple):
    # A tuple, not a dataclass: a bill of materials builds a hundred thousand of them.
    key: str
    name: str
    unit: str
    foreign: str  # the foreign part's value as written, "" when unknown
    domestic: str  # the entry's value as written, "" when the entry does not state it
    verdict: str

    @property
    def verdict_label(self):
        return VERDICT_LABELS[self.verdict]


def direction(key: str, category_path: str = "") -> str | None:
    for slug in reversed([s for s in category_path.split("/") if s]):
        if (slug, key) in CATEGORY_DIRECTIONS:
            return CATEGORY_DIRECTIONS[(slug, key)]
    return DIRECTIONS.get(key)


def _words(value):
    """Text reduced for comparison: case, spacing, punctuation and (notes) dropped."""
    text = re.sub(r"\(.*?\)", " ", str(value)).casefold()
    return " ".join(re.findall(r"\w+", text))


def verdict(key: str, foreign: object, domestic: object, category_path: str = "") -> str:
    """The verdict on one parameter from the two values as written (numbers or text)."""
    try:
        return _verdict(key, foreign, domestic, category_path)
    except TypeError:  # a value that cannot be a cache key (a list); judged all the same
        return _verdict.__wrapped__(key, foreign, domestic, category_path)


# A bill of materials compares the same few values thousands of times (typed: 1 and True
# are different values here).
@lru_cache(maxsize=65536, typed=True)
def _verdict(key, foreign, domestic, category_path):
    if foreign in (None, "") or domestic in (None, ""):
        return UNKNOWN
    way = direction(key, category_path)
    f_number = ProductParameter.parse_number(foreign)
    d_number = ProductParameter.parse_number(domestic)
    if f_number is not None and d_number is not None:
        return _numbers(way, f_number, d_number)
    # One word in the shared vocabulary (HC = "74HC (КР1564)"), or the same words.
    same = vocabulary.same(key, foreign, domestic) or _words(foreign) == _words(domestic)
    if same:
        return EQUAL
    return WORSE if way == SAME else UNKNOWN


def _numbers(way, foreign, domestic):
    close = abs(domestic - foreign) <= SAME_TOLERANCE * max(abs(foreign), abs(domestic))
    if close:
        return EQUAL
    if way == HIGHER:
        return BETTER if domestic > foreign else WORSE
    if way == LOWER:
        return BETTER if domestic < foreign else WORSE
    if way == SAME:
        return WORSE
    return UNKNOWN  # a number without a known direction: different, not judged


def shown(value: object) -> str:
    """A value as a reader expects it: 5 rather than 5.000000."""
    try:
        return _shown(value)
    except TypeError:  # not a cache key
        return _shown.__wrapped__(value)


@lru_cache(maxsize=65536, typed=True)
def _shown(value):
    if value in (None, ""):
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return format(Decimal(str(value)).normalize(), "f")
    return str(value)


class Comparer:
    """One foreign part's side of its comparisons in one category, worked out once: a part is
    compared with every declaring entry and every entry its parametric search finds.

    foreign_values: {key: value}; templates: {key: ParameterTemplate} (names and units; keys
    without a template are shown by their key); names: {key: name} when the caller has read
    the templates' names already; category_path: whose directions apply.
    """

    def __init__(self, foreign_values: dict, templates: dict, category_path: str = "",
                 names: dict | None = None):
        order = {key: index for index, key in enumerate(templates)}
        self.category_path = category_path
        self.rows = []  # (key, name, unit, foreign as written, foreign shown), in order
        for key in sorted(foreign_values, key=lambda k: (order.get(k, len(order)), k)):
            template = templates.get(key)
            name = names[key] if names and key in names else (template.name if template else key)
            foreign = foreign_values[key]
            self.rows.append((key, name, template.unit if template else "", foreign,
                              shown(foreign)))

    def compare(self, domestic_values: dict) -> list[ComparisonRow]:
        """Rows for each parameter known of the foreign part, in the category's order."""
        path = self.category_path
        rows = []
        for key, name, unit, foreign, foreign_shown in self.rows:
            domestic = domestic_values.get(key)
            rows.append(ComparisonRow(key, name, unit, foreign_shown, shown(domestic),
                                      verdict(key, foreign, domestic, path)))
        return rows


# A parametric candidate may fall short on at most this share of the parameters both state
# (К1986ВЕ92QI starts at 2.2 V where STM32F103 starts at 2.0 V, and is still its counterpart);
# the comparison shows it, and the score drops.
MAX_WORSE_SHARE = Decimal(1) / 3


# What a part is for, in words: a candidate found by its parameters must do the same job
# (an LS counter is no substitute for an LS NAND gate, nor a timer for an op-amp).
PURPOSE_KEYS = {"function"}


def covers(rows: list[ComparisonRow], category_path: str = "") -> bool:
    """True when the entry meets the foreign part: the same function where both state it,
    never a different value of a parameter that must be equal (core, polarity, output
    voltage), mostly equal or better elsewhere."""
    if any(row.key in PURPOSE_KEYS and row.foreign and row.domestic and row.verdict != EQUAL
           for row in rows):
        return False
    judged = [row for row in rows if row.verdict != UNKNOWN]
    if not judged:
        return False
    worse = [row for row in judged if row.verdict == WORSE]
    if any(direction(row.key, category_path) == SAME for row in worse):
        return False
    return len(worse) <= MAX_WORSE_SHARE * len(judged)
