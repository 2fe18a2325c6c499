"""Units of parameters, one table: stored in their international symbols (MHz, V), shown in
the reader's language (МГц, В), and each with its factor to the quantity's SI unit.

A number parameter keeps its value as written in its unit (80 MHz) and a copy in SI
(80 000 000 Hz, a double: 10 pF is 1e-11 F, far below what a fixed-point column holds).
Ranges, sorting and parametric searches read the SI copy; readers give and see bounds in
the parameter's unit, or in any unit of the same quantity ("500 kHz" for a MHz parameter).
A unit missing here is its own quantity, with factor 1, and is shown as stored.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from functools import cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import pgettext_lazy

# Both copies of a value keep this many decimal places in their own unit.
PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class Unit:
    symbol: str
    label: object  # lazily translated
    quantity: str  # units of one quantity convert into each other
    factor: Decimal  # SI value = value × factor + offset
    offset: Decimal = Decimal(0)


def _units(quantity, *rows):
    return [Unit(symbol, label, quantity, Decimal(factor), Decimal(offset))
            for symbol, label, factor, offset in rows]


TABLE = {unit.symbol: unit for unit in [
    *_units("frequency",
            ("Hz", pgettext_lazy("unit", "Hz"), "1", "0"),
            ("kHz", pgettext_lazy("unit", "kHz"), "1e3", "0"),
            ("MHz", pgettext_lazy("unit", "MHz"), "1e6", "0"),
            ("GHz", pgettext_lazy("unit", "GHz"), "1e9", "0")),
    *_units("voltage",
            ("V", pgettext_lazy("unit", "V"), "1", "0"),
            ("mV", pgettext_lazy("unit", "mV"), "1e-3", "0")),
    *_units("current",
            ("A", pgettext_lazy("unit", "A"), "1", "0"),
            ("mA", pgettext_lazy("unit", "mA"), "1e-3", "0"),
            ("µA", pgettext_lazy("unit", "µA"), "1e-6", "0")),
    *_units("power",
            ("W", pgettext_lazy("unit", "W"), "1", "0"),
            ("mW", pgettext_lazy("unit", "mW"), "1e-3", "0")),
    *_units("resistance",
            ("Ω", pgettext_lazy("unit", "Ω"), "1", "0"),
            ("kΩ", pgettext_lazy("unit", "kΩ"), "1e3", "0")),
    *_units("capacitance",
            ("pF", pgettext_lazy("unit", "pF"), "1e-12", "0"),
            ("nF", pgettext_lazy("unit", "nF"), "1e-9", "0"),
            ("µF", pgettext_lazy("unit", "µF"), "1e-6", "0")),
    *_units("time",
            ("ns", pgettext_lazy("unit", "ns"), "1e-9", "0"),
            ("µs", pgettext_lazy("unit", "µs"), "1e-6", "0"),
            ("ms", pgettext_lazy("unit", "ms"), "1e-3", "0"),
            ("s", pgettext_lazy("unit", "s"), "1", "0")),
    # Memory sizes count in powers of two, as their datasheets do (1 KB = 1024 bytes).
    *_units("information",
            ("bit", pgettext_lazy("unit", "bit"), "1", "0"),
            ("Kbit", pgettext_lazy("unit", "Kbit"), "1024", "0"),
            ("Mbit", pgettext_lazy("unit", "Mbit"), "1048576", "0"),
            ("B", pgettext_lazy("unit", "B"), "8", "0"),
            ("KB", pgettext_lazy("unit", "KB"), "8192", "0"),
            ("MB", pgettext_lazy("unit", "MB"), "8388608", "0")),
    *_units("sample rate",
            ("kSPS", pgettext_lazy("unit", "kSPS"), "1e3", "0"),
            ("MSPS", pgettext_lazy("unit", "MSPS"), "1e6", "0")),
    *_units("length",
            ("mm", pgettext_lazy("unit", "mm"), "1e-3", "0"),
            ("µm", pgettext_lazy("unit", "µm"), "1e-6", "0"),
            ("nm", pgettext_lazy("unit", "nm"), "1e-9", "0")),
    *_units("ratio", ("dB", pgettext_lazy("unit", "dB"), "1", "0")),
    *_units("temperature",
            ("°C", pgettext_lazy("unit", "°C"), "1", "273.15"),
            ("K", pgettext_lazy("unit", "K"), "1", "0")),
]}


def unit(symbol: str) -> Unit:
    """The unit of `symbol`; one outside the table is its own quantity."""
    found = TABLE.get(symbol)
    return found if found is not None else Unit(symbol, symbol, f"[{symbol}]", Decimal(1))


def shown(symbol: str) -> str:
    """`symbol` in the active language."""
    return str(unit(symbol).label)


def same_quantity(a: str, b: str) -> bool:
    return unit(a).quantity == unit(b).quantity


def to_si(number: Decimal | None, symbol: str) -> float | None:
    """`number` of `symbol` in SI, worked out exactly and rounded once: a bound and a stored
    value that are equal in their unit stay equal in SI."""
    if number is None:
        return None
    found = unit(symbol)
    return float(Decimal(number) * found.factor + found.offset)


def fill_si(parameters, symbol: str):
    """Sets the SI copy of `parameters` (one parameter's values, counted in `symbol`) from
    their numbers, exactly as a saved value gets it: one UPDATE per distinct number, far
    fewer than the rows."""
    numbers = parameters.exclude(value_numeric=None).order_by() \
        .values_list("value_numeric", flat=True).distinct()
    for number in list(numbers):
        parameters.filter(value_numeric=number).update(value_si=to_si(number, symbol))


def from_si(value: float | None, symbol: str) -> Decimal | None:
    """An SI value in `symbol`, to the places values keep."""
    if value is None:
        return None
    found = unit(symbol)
    shown = ((Decimal(value) - found.offset) / found.factor).quantize(PLACES, ROUND_HALF_EVEN)
    # 0 °C comes back from 273.15 K as a hair below it: not "-0".
    return shown if shown else abs(shown)


# "500 kHz", "0,5 МГц", "-40 °C": a number and, optionally, a unit.
_QUANTITY = re.compile(r"\s*([-−+]?[0-9\s]*[.,]?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(\S.*)?")


class UnitError(ValueError):
    pass


def symbol_of(written: str) -> str | None:
    """The symbol a reader wrote: as stored (MHz), in an interface language (МГц), in any
    case (mhz), or with u or Greek mu for the micro sign (uF)."""
    text = written.strip().replace("μ", "µ").replace("Ohm", "Ω").replace("ohm", "Ω")
    if text.startswith("u"):
        text = "µ" + text[1:]
    if text in TABLE:
        return text
    return _by_label().get(text.casefold())


@cache
def _by_label():
    """{label in any interface language, case-folded: symbol}."""
    found = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for symbol, entry in TABLE.items():
                found.setdefault(str(entry.label).casefold(), symbol)
                found.setdefault(symbol.casefold(), symbol)
    return found


def split_quantity(text: str) -> tuple[Decimal, str | None]:
    """("500", "kHz") of "500 kHz": the number and the unit's symbol, None when the text
    gives no unit. Raises UnitError for a unit nobody knows, ValueError for no number."""
    match = _QUANTITY.fullmatch(str(text))
    if match is None:
        raise ValueError(text)
    digits = re.sub(r"\s", "", match[1]).replace(",", ".").replace("−", "-")
    try:
        number = Decimal(digits)
    except InvalidOperation as error:
        raise ValueError(text) from error
    if not match[2]:
        return number, None
    symbol = symbol_of(match[2])
    if symbol is None:
        raise UnitError(match[2].strip())
    return number, symbol


def convert(number: Decimal, source: str, target: str) -> Decimal:
    """`number` of `source` in `target`, a unit of the same quantity (else UnitError)."""
    if not same_quantity(source, target):
        raise UnitError(shown(source))
    given, wanted = unit(source), unit(target)
    return ((number * given.factor + given.offset) - wanted.offset) / wanted.factor
