"""Units of parameters, one table: stored in their international symbols (MHz, V), shown in
the reader's language (МГц, В). A unit missing here is shown as stored."""

from django.utils.translation import pgettext_lazy

SYMBOLS = {
    "Hz": pgettext_lazy("unit", "Hz"),
    "kHz": pgettext_lazy("unit", "kHz"),
    "MHz": pgettext_lazy("unit", "MHz"),
    "GHz": pgettext_lazy("unit", "GHz"),
    "V": pgettext_lazy("unit", "V"),
    "mV": pgettext_lazy("unit", "mV"),
    "A": pgettext_lazy("unit", "A"),
    "mA": pgettext_lazy("unit", "mA"),
    "µA": pgettext_lazy("unit", "µA"),
    "W": pgettext_lazy("unit", "W"),
    "mW": pgettext_lazy("unit", "mW"),
    "Ω": pgettext_lazy("unit", "Ω"),
    "kΩ": pgettext_lazy("unit", "kΩ"),
    "pF": pgettext_lazy("unit", "pF"),
    "nF": pgettext_lazy("unit", "nF"),
    "µF": pgettext_lazy("unit", "µF"),
    "ns": pgettext_lazy("unit", "ns"),
    "µs": pgettext_lazy("unit", "µs"),
    "ms": pgettext_lazy("unit", "ms"),
    "s": pgettext_lazy("unit", "s"),
    "bit": pgettext_lazy("unit", "bit"),
    "Kbit": pgettext_lazy("unit", "Kbit"),
    "Mbit": pgettext_lazy("unit", "Mbit"),
    "B": pgettext_lazy("unit", "B"),
    "KB": pgettext_lazy("unit", "KB"),
    "MB": pgettext_lazy("unit", "MB"),
    "MSPS": pgettext_lazy("unit", "MSPS"),
    "kSPS": pgettext_lazy("unit", "kSPS"),
    "mm": pgettext_lazy("unit", "mm"),
    "µm": pgettext_lazy("unit", "µm"),
    "nm": pgettext_lazy("unit", "nm"),
    "dB": pgettext_lazy("unit", "dB"),
    "°C": pgettext_lazy("unit", "°C"),
}


def shown(unit: str) -> str:
    """`unit` in the active language."""
    return str(SYMBOLS.get(unit, unit))
