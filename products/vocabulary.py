"""One controlled vocabulary for the parameters whose values are words, not numbers.

Importers store canonical values and the substitution engine compares through the same
function, so "ARM Cortex-M3", "CM3" and "cortex m3" are one core, and "74HCT" one logic
family. `canonical(key, value)` answers the canonical spelling, or the value tidied up when
the vocabulary does not know it (a new value is not an error: it simply matches only itself).
"""

import re
from functools import lru_cache

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
