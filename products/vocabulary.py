"""One controlled vocabulary for the parameters whose values are words, not numbers.

Importers store canonical values and the substitution engine compares through the same
function, so "ARM Cortex-M3", "CM3" and "cortex m3" are one core, and "74HCT" one logic
family. `canonical(key, value)` answers the canonical spelling, or the value tidied up when
the vocabulary does not know it (a new value is not an error: it simply matches only itself).
"""

import re
from functools import lru_cache

from django.utils.translation import pgettext_lazy

# {parameter key: {canonical value: (synonyms…)}}. Synonyms are compared after `_fold`.
VOCABULARY = {
    "core": {
        "Cortex-M0": ("ARM Cortex-M0", "CM0"),
        "Cortex-M0+": ("ARM Cortex-M0+", "Cortex-M0plus", "CM0+", "CM0plus"),
        "Cortex-M3": ("ARM Cortex-M3", "CM3"),
        "Cortex-M4": ("ARM Cortex-M4", "CM4", "Cortex-M4F", "ARM Cortex-M4F"),
        "Cortex-M7": ("ARM Cortex-M7", "CM7"),
        "Cortex-M23": ("ARM Cortex-M23",),
        "Cortex-M33": ("ARM Cortex-M33",),
        "Cortex-A7": ("ARM Cortex-A7",),
        "Cortex-A9": ("ARM Cortex-A9",),
        "ARM7TDMI": ("ARM7", "ARM7TDMI-S"),
        "ARM9": ("ARM926EJ-S", "ARM9E"),
        "AVR": ("AVR8", "megaAVR", "tinyAVR", "8-bit AVR", "AVR 8bit"),
        "PIC": ("PIC8", "PIC16", "PIC18"),
        "MCS-51": ("8051", "i8051", "MCS51", "C51"),
        "MSP430": ("TI MSP430",),
        "RISC-V": ("RISCV", "RV32", "RV32I", "RV32IMC", "RV64"),
        "MIPS": ("MIPS32",),
    },
    "logic_family": {
        "HC": ("74HC", "HCMOS"),
        "HCT": ("74HCT",),
        "LS": ("74LS", "LSTTL"),
        "ALS": ("74ALS",),
        "AS": ("74AS",),
        "S": ("74S",),
        "F": ("74F", "FAST"),
        "TTL": ("74", "standard TTL"),
        "AC": ("74AC",),
        "ACT": ("74ACT",),
        "AHC": ("74AHC",),
        "AHCT": ("74AHCT",),
        "LV": ("74LV",),
        "LVC": ("74LVC",),
        "LVT": ("74LVT",),
        "ALVC": ("74ALVC",),
        "AUC": ("74AUC",),
        "AUP": ("74AUP",),
        "VHC": ("74VHC",),
        "ABT": ("74ABT",),
        "CD4000": ("4000", "CD4000B", "4000B", "CMOS 4000", "HEF4000", "MC14000"),
    },
    "memory_type": {
        "EEPROM": ("E2PROM", "serial EEPROM"),
        "Flash": ("flash memory", "NOR flash", "serial flash", "NAND flash"),
        "SRAM": ("static RAM", "RAM", "async SRAM"),
        "DRAM": ("dynamic RAM", "SDRAM"),
        "FRAM": ("FeRAM", "ferroelectric RAM"),
        "EPROM": ("OTP EPROM", "UV EPROM"),
        "PROM": ("OTP PROM",),
        "ROM": ("mask ROM",),
    },
    "polarity": {
        "NPN": ("n-p-n",),
        "PNP": ("p-n-p",),
    },
    "channel": {
        "N": ("N-channel", "N-Channel MOSFET", "NMOS", "n-ch"),
        "P": ("P-channel", "P-Channel MOSFET", "PMOS", "p-ch"),
    },
    "diode_type": {
        "rectifier": ("rectifier diode", "general purpose rectifier", "general purpose"),
        "switching": ("switching diode", "signal", "small signal"),
        "Schottky": ("Schottky diode", "Schottky barrier", "SBD"),
        "Zener": ("Zener diode", "voltage regulator diode"),
        "TVS": ("transient voltage suppressor", "TVS diode"),
        "fast recovery": ("fast recovery diode", "ultrafast", "ultra fast"),
    },
    "interface_standard": {
        "RS-232": ("RS232", "EIA-232", "V.28"),
        "RS-485": ("RS485", "EIA-485", "RS-422/485"),
        "RS-422": ("RS422",),
        "CAN": ("CAN bus", "CAN FD"),
        "USB": ("USB 2.0", "USB2.0"),
        "I2C": ("I²C", "IIC", "TWI"),
        "SPI": ("serial peripheral interface",),
        "UART": ("USART",),
        "Ethernet": ("10/100 Ethernet", "Ethernet PHY"),
        "LVDS": (),
    },
    # A microcontroller's peripherals: a list ("USB, 2×CAN, 12-bit ADC"), each item one term.
    "interfaces": {
        # Other spellings of the same thing only: "USB 2.0 FS OTG" says more than USB, so it
        # is kept as written and only its term (USB) is derived, by the words it opens with.
        "UART": ("USART", "SCI"),
        "SPI": ("serial peripheral interface", "SSP"),
        "I2C": ("I²C", "IIC", "TWI"),
        "I2S": ("I²S", "IIS"),
        "USB": (),
        "CAN": ("CAN bus",),
        "Ethernet": ("EMAC",),
        "SpaceWire": ("SpW",),
        "MIL-STD-1553": ("MIL STD 1553", "ГОСТ Р 52070-2003", "МКО"),
        "ARINC 429": ("ARINC429", "ГОСТ 18977-79"),
        "RS-232": ("RS232", "EIA-232"),
        "RS-485": ("RS485", "EIA-485"),
        "SDIO": ("SD/MMC", "SDMMC"),
        "SPIFI": (),
        "LIN": (),
        "JTAG": (),
        "ADC": ("A/D converter", "АЦП"),
        "DAC": ("D/A converter", "ЦАП"),
        "LCD controller": ("LCD driver",),
        "external bus": ("EBI", "FSMC", "external memory bus", "external memory interface"),
    },
    "package": {
        "DIP": ("PDIP", "CDIP", "DIL"),
        "SOIC": ("SO", "SOP", "SOIC-N"),
    },
}

_SEPARATORS = re.compile(r"[\s_\-–/]+")


def _fold(value):
    return _SEPARATORS.sub("", str(value)).casefold()


def _index():
    index = {}
    for key, values in VOCABULARY.items():
        folded = index.setdefault(key, {})
        for canonical_value, synonyms in values.items():
            for spelling in (canonical_value, *synonyms):
                folded.setdefault(_fold(spelling), canonical_value)
    return index


_INDEX = _index()
_PACKAGE = re.compile(r"^([A-Za-z]+)(.*)$")


@lru_cache(maxsize=8192)
def canonical(key, value):
    """The canonical spelling of `value` for parameter `key` (tidied when unknown)."""
    if value is None:
        return None
    if not isinstance(value, str):
        return value
    text = " ".join(value.split())
    if key == "package":
        return canonical_package(text)
    known = _INDEX.get(key)
    if known is None:
        return text
    return known.get(_fold(text)) or _leading(known, text) or text


def _leading(known, text):
    """A known value that opens the text: "74HC (КР1564)" → HC, "RISC-V SCR1 (RV32IMC)" → RISC-V."""
    bare = text.split("(", 1)[0].strip()
    words = bare.split()
    for count in range(len(words), 0, -1):
        found = known.get(_fold(" ".join(words[:count])))
        if found:
            return found
    return None


def canonical_package(text):
    """PDIP-8 and DIP-8 are one package, SO-8 and SOIC-8 too: only the family name folds."""
    match = _PACKAGE.match(text.strip())
    if not match:
        return text.strip()
    family, rest = match.groups()
    family = _INDEX["package"].get(_fold(family), family.upper())
    return family + rest


def same(key, left, right):
    """Whether two values of parameter `key` mean the same thing."""
    if left is None or right is None:
        return False
    return canonical(key, left) == canonical(key, right)


def values_of(key):
    """The canonical values of `key` (for choice lists), in the vocabulary's order."""
    return list(VOCABULARY.get(key, {}))


def respell(key, value):
    """The canonical spelling when `value` writes the same name otherwise ("Risc-V", "riscv"
    → RISC-V; "RS232" → RS-232), else the value tidied: what a stored value becomes. A synonym
    that says more (Cortex-M4F for Cortex-M4, 74HC (КР1564) for HC) is kept as written; the
    comparisons and a list's terms still read it as its canonical name."""
    text = " ".join(str(value).split())
    canonical_value = _INDEX.get(key, {}).get(_fold(text))
    return canonical_value if canonical_value and _fold(canonical_value) == _fold(text) \
        else text


# --- Multi-valued parameters: "USB 2.0 FS OTG, 2×CAN, 12-bit ADC" -------------------------------

_ITEM_SEPARATORS = re.compile(r"[,;\n]+")
_COUNT = re.compile(r"^(\d+)\s*[×xX*]\s*(\S.*)$")
_WIDTH = re.compile(r"^\d+[-\s]?(?:bit|бит\w*|разрядн\w*)\s+", re.IGNORECASE)
_PARENTHESES = re.compile(r"\s*\([^)]*\)")


def items(value):
    """The list's items, tidied, in the order given, without empty ones."""
    return [" ".join(item.split()) for item in _ITEM_SEPARATORS.split(str(value or ""))
            if item.strip()]


def term(key, item):
    """The canonical term an item names: its count, width and remarks set aside
    ("2×12-bit ADC" → ADC, "ARINC 429 (ГОСТ 18977-79)" → ARINC 429, "USB 2.0 FS OTG" → USB).
    An unknown item is its own term."""
    match = _COUNT.match(item)
    bare = match.group(2) if match else item
    bare = _WIDTH.sub("", _PARENTHESES.sub("", bare)).strip() or item
    known = _INDEX.get(key, {})
    return known.get(_fold(bare)) or _leading(known, bare) or _trailing(known, bare) \
        or bare.replace("|", "/")


def _trailing(known, text):
    """A known value that closes the text: "sigma-delta ADC" → ADC."""
    words = text.split()
    for start in range(1, len(words)):
        found = known.get(_fold(" ".join(words[start:])))
        if found:
            return found
    return None


def tidy_list(key, value):
    """The list as stored: each item respelled (a count kept: "2×Uart" → 2×UART); items that
    say more ("USB 2.0 FS OTG") or name a synonym (USART) stay as given."""
    tidied = []
    for item in items(value):
        match = _COUNT.match(item)
        count, bare = (f"{match.group(1)}×", match.group(2)) if match else ("", item)
        tidied.append(count + respell(key, bare))
    return ", ".join(tidied)


def terms(key, value):
    """The distinct canonical terms of a list, sorted: what filters and facets count."""
    return sorted({term(key, item) for item in items(value)}, key=str.casefold)


@lru_cache(maxsize=4096)
def joined_terms(key, value):
    """The terms as one searchable text, each between bars: |ADC|CAN|USB|."""
    found = terms(key, value)
    return f"|{'|'.join(found)}|" if found else ""


def split_terms(joined):
    return [part for part in (joined or "").split("|") if part]


# Terms that are words rather than names (UART, CAN): shown in the reader's language.
LABELS = {
    "external bus": pgettext_lazy("interface", "external bus"),
    "LCD controller": pgettext_lazy("interface", "LCD controller"),
}


def label(value):
    """How a facet shows a stored value or term."""
    return LABELS.get(value, value)
