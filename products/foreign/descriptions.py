"""Parameters read from a part's one-line description, with one parser per category.

Symbol libraries describe parts in a terse house style ("ARM Cortex-M3 MCU, 64KB flash,
20KB RAM, 72MHz, 2-3.6V, 37 GPIO, LQFP-48"; "33A Id, 100V Vds, HEXFET N-Channel MOSFET,
TO-220"). The parsers read what that style states and nothing else: a value the text does
not give is absent, never guessed. Keys are the categories' parameter keys; words go
through the shared vocabulary, so they compare with register entries.
"""

import re
from functools import lru_cache

from .. import partnumbers, vocabulary
from .packages import PACKAGE

NUMBER = r"(\d+(?:[.,]\d+)?)"
_SCALE = {"": 1, "k": 1e3, "K": 1e3, "M": 1e6, "G": 1e9, "m": 1e-3, "u": 1e-6, "µ": 1e-6,
          "μ": 1e-6}

_SUPPLY_RANGE = re.compile(
    rf"(?<![\d.]){NUMBER}\s*V?\s*(?:-|–|to|\.\.\.?)\s*{NUMBER}\s*V(?:CC|DD)?\b")
_SUPPLY_SINGLE = re.compile(rf"(?<![\d.]){NUMBER}\s*V\s+(?:supply|VCC|VDD|only)\b", re.I)
_TEMPERATURE = re.compile(
    r"([-+−]?\d+)\s*°?\s*C\s*(?:-|–|to|\.\.\.?)\s*([-+−]?\d+)\s*°?\s*C\b")
_CLOCK = re.compile(rf"{NUMBER}\s*MHz", re.I)
_FLASH = re.compile(rf"{NUMBER}\s*([kKM])B\s+(?:of\s+)?Flash", re.I)
_RAM = re.compile(rf"{NUMBER}\s*([kKM]?)B\s+(?:of\s+)?S?RAM", re.I)
_GPIO = re.compile(r"(\d+)\s*(?:GPIO|I/O)", re.I)
_CORE = re.compile(r"Cortex-?[AMR]\d+(?:\+|plus|F)?|RISC-?V|MSP430|\b8051\b|ARM7TDMI|ARM9", re.I)
_CURRENT = re.compile(rf"(?<![\d.]){NUMBER}\s*(m|u|µ)?A\b")
_VOLTAGE = re.compile(rf"(?<![\d.])(-?){NUMBER}\s*(m|k)?V\b")
_POWER = re.compile(rf"(?<![\d.]){NUMBER}\s*(m|k)?W\b")
_OUTPUT_VOLTAGE = re.compile(
    rf"(?:output\s*(?:voltage\s*)?(-)?{NUMBER}\s*V\b|(-)?{NUMBER}\s*V\s*(?:fixed\s*)?output)", re.I)
_BITS = re.compile(r"(\d+)[- ]?bits?\b", re.I)
_SAMPLE_RATE = re.compile(rf"{NUMBER}\s*([kM]?)\s*-?\s*SPS\b", re.I)
_DENSITY = re.compile(rf"(?<![\d.]){NUMBER}\s*([KMG])(b|bit|Bit|-bit|B|Byte)(?![a-z])")
_ORGANISATION = re.compile(rf"(?<![\d.]){NUMBER}\s*([kKM]?)\s*(?:words?)?\s*[x×]\s*(\d+)")
_LOGIC_NAME = re.compile(r"^(?:SN|MC|M|HD|MM|DM|CD|IN)?74([A-Z]{0,4})\d")


@lru_cache(maxsize=4096)
def number(text):
    """A float from a decimal written with a point or a comma; an int when it is whole."""
    value = float(text.replace(",", "."))
    return int(value) if value.is_integer() else round(value, 6)


def scaled(text, prefix):
    return number(str(float(text.replace(",", ".")) * _SCALE.get(prefix or "", 1)))


def supply(text):
    """supply_voltage_min/max from "2-3.6V", "2.7V-5.5V", "3.0V to 5.5V", "5V supply"."""
    found = _SUPPLY_RANGE.search(text)
    if found:
        low, high = number(found.group(1)), number(found.group(2))
        if low < high:
            return {"supply_voltage_min": low, "supply_voltage_max": high}
    found = _SUPPLY_SINGLE.search(text)
    if found:
        value = number(found.group(1))
        return {"supply_voltage_min": value, "supply_voltage_max": value}
    return {}


def temperature(text):
    """temp_min/max from "0C-70C", "-40°C to +85°C"."""
    found = _TEMPERATURE.search(text)
    if not found:
        return {}
    low, high = (int(g.replace("−", "-").replace("+", "")) for g in found.groups())
    return {"temp_min": low, "temp_max": high} if low < high else {}


def microcontroller(text, name, keywords):
    values = _microcontroller_text(text, keywords)
    if "core" not in values:
        values.update(_core_by_name(name))
    return values


def _microcontroller_text(text, keywords):
    """What an MCU's text says; the core is left out when only its name can tell."""
    values = {}
    core = _CORE.search(text) or _CORE.search(keywords)
    if core:
        values["core"] = vocabulary.canonical("core", core.group(0))
    elif re.search(r"\bAVR\b", keywords + " " + text):
        values["core"] = "AVR"
    if clock := _CLOCK.search(text):
        values["clock_mhz"] = number(clock.group(1))
    if flash := _FLASH.search(text):
        values["flash_kb"] = _kilobytes(flash.group(1), flash.group(2))
    if ram := _RAM.search(text):
        values["ram_kb"] = _kilobytes(ram.group(1), ram.group(2))
    if gpio := _GPIO.search(text):
        values["gpio_count"] = int(gpio.group(1))
    return values


def _core_by_name(name):
    upper = name.upper()
    if upper.startswith("ATMEGA"):
        return {"core": "AVR"}
    if re.match(r"PIC\d", upper):
        return {"core": "PIC"}
    return {}


def _kilobytes(amount, prefix):
    value = number(amount)
    if prefix == "M":
        return number(str(value * 1024))
    if prefix == "":
        return number(str(value / 1024))
    return value


def logic(text, name, keywords):
    return {"function": _function_text(text), **_logic_family(name)}


def _logic_family(name):
    values = {}
    upper = name.upper()
    if family := _LOGIC_NAME.match(upper):
        values["logic_family"] = vocabulary.canonical("logic_family", family.group(1) or "TTL")
    elif partnumbers.CMOS_4000.match(upper):
        values["logic_family"] = "CD4000"
    return values


def _function_text(text):
    """The description without its package list, lower case: what the part does."""
    parts = [part.strip() for part in text.split(",")]
    kept = [part for part in parts if part and not _is_package_list(part)]
    phrase = ", ".join(kept)
    return phrase[:1].lower() + phrase[1:] if phrase[:2] != phrase[:2].upper() else phrase


def _is_package_list(part):
    return bool(PACKAGE.sub("", part).strip(" /()") == "")


def memory(text, name, keywords, library=""):
    values = {}
    kind = _memory_type(text + " " + keywords, library)
    if kind:
        values["memory_type"] = kind
    capacity = _capacity_kbit(text)
    if capacity:
        values["capacity_kbit"] = capacity
    return values


def _memory_type(text, library):
    checks = [("FRAM", r"\bF(?:e)?RAM\b"), ("DRAM", r"\bS?DRAM\b|DDR"), ("EEPROM", r"EEPROM"),
              ("Flash", r"\bflash\b"), ("EPROM", r"\bEPROM\b"), ("SRAM", r"SRAM|static RAM")]
    for canonical_value, pattern in checks:
        if re.search(pattern, text, re.I):
            return canonical_value
    by_library = {"Memory_EEPROM": "EEPROM", "Memory_Flash": "Flash", "Memory_RAM": "SRAM",
                  "Memory_EPROM": "EPROM"}
    return by_library.get(library, "")


def _capacity_kbit(text):
    """Kbit from "256Kb", "128Mb", "32 Mbit", "32kB" or an organisation such as "512K x 8"."""
    for found in _DENSITY.finditer(text):
        amount, prefix, unit = found.groups()
        kbit = number(amount) * {"K": 1, "M": 1024, "G": 1024 * 1024}[prefix]
        if unit in ("B", "Byte"):
            kbit *= 8
        return number(str(kbit))
    found = _ORGANISATION.search(text)
    if found:
        words = number(found.group(1)) * {"": 1 / 1024, "k": 1, "K": 1, "M": 1024}[found.group(2)]
        return number(str(words * int(found.group(3))))
    return None


def data_converter(text, name, keywords):
    values = {}
    if bits := _BITS.search(text):
        values["resolution_bits"] = int(bits.group(1))
    if rate := _SAMPLE_RATE.search(text):
        values["sample_rate_msps"] = number(str(scaled(rate.group(1), rate.group(2)) / 1e6))
    return values


def power(text, name, keywords, library=""):
    values = {}
    output = _OUTPUT_VOLTAGE.search(text)
    if output:
        sign = output.group(1) or output.group(3) or ""
        values["output_voltage"] = number(sign + (output.group(2) or output.group(4)))
    if current := _CURRENT.search(text):
        values["output_current"] = scaled(current.group(1), current.group(2))
    rest = _OUTPUT_VOLTAGE.sub(" ", text)
    inputs = [number(v.group(2)) for v in _VOLTAGE.finditer(rest) if not v.group(3)]
    ranged = supply(rest)
    if ranged:
        values.update(ranged)
    elif inputs:
        values["supply_voltage_max"] = max(inputs)
    values["function"] = _power_function(text + " " + keywords, library)
    return values


def _power_function(text, library):
    lowered = text.lower()
    if "shunt" in lowered:
        return "shunt regulator"
    if library.startswith("Reference_") or "reference" in lowered:
        return "voltage reference"
    if "switching" in lowered or "buck" in lowered or "boost" in lowered:
        return "switching regulator"
    adjustment = "adjustable" if "adjustable" in lowered else "fixed"
    polarity = "negative" if "negative" in lowered else "positive"
    kind = "low-dropout linear regulator" if ("ldo" in lowered or "low-dropout" in lowered
                                             or "low dropout" in lowered) else "linear regulator"
    return f"{adjustment} {polarity} {kind}"


_ANALOG_FUNCTIONS = [
    ("instrumentation amplifier", r"instrumentation"),
    ("comparator", r"comparator"),
    ("timer", r"\btimer|\b555\b|\b556\b"),
    ("operational amplifier", r"operational|op-?amp"),
    ("audio amplifier", r"audio"),
    ("analog switch", r"analog switch|multiplexer"),
]


def analog(text, name, keywords, library=""):
    lowered = " ".join((text, keywords, library.replace("_", " "))).lower()
    values = {}
    for function, pattern in _ANALOG_FUNCTIONS:
        if re.search(pattern, lowered):
            values["function"] = function
            break
    count = re.search(r"\b(single|dual|quad)\b", text, re.I)
    if count and "function" in values:
        values["function"] = f"{count.group(1).lower()} {values['function']}"
    return values


def interface(text, name, keywords):
    for standard in ("RS-232", "RS-485", "RS-422", "CAN", "USB", "I2C", "Ethernet", "LVDS",
                     "UART"):
        pattern = re.escape(standard).replace(r"\-", "-?")
        if re.search(rf"\b{pattern}\b", text + " " + keywords, re.I):
            return {"interface_standard": standard}
    return {}


def bipolar(text, name, keywords):
    values = {}
    if polarity := re.search(r"\b(NPN|PNP)\b", text + " " + keywords):
        values["polarity"] = polarity.group(1)
    if vce := re.search(rf"{NUMBER}\s*V\s*Vce", text, re.I):
        values["vce_max"] = number(vce.group(1))
    if ic := re.search(rf"{NUMBER}\s*(m)?A\s*Ic\b", text, re.I):
        values["ic_max"] = scaled(ic.group(1), ic.group(2))
    if watts := _POWER.search(text):
        values["power_w"] = scaled(watts.group(1), watts.group(2))
    return values


def mosfet(text, name, keywords):
    values = {}
    if channel := re.search(r"\b([NP])-?Channel", text + " " + keywords, re.I):
        values["channel"] = channel.group(1).upper()
    if vds := re.search(rf"(-?){NUMBER}\s*V\s*Vds", text, re.I):
        values["vds_max"] = number(vds.group(2))
    if drain := re.search(rf"(-?){NUMBER}\s*(m)?A\s*Id\b", text, re.I):
        values["id_max"] = scaled(drain.group(2), drain.group(3))
    return values


def diode(text, name, keywords):
    values = {}
    lowered = (text + " " + keywords).lower()
    for kind, pattern in (("Zener", "zener"), ("Schottky", "schottky"), ("TVS", r"\btvs\b"),
                          ("fast recovery", "fast recovery|ultrafast"),
                          ("rectifier", "rectifier"), ("switching", "switching|signal")):
        if re.search(pattern, lowered):
            values["diode_type"] = kind
            break
    if reverse := re.search(rf"(?<![\d.]){NUMBER}\s*V\b", text):
        key = "zener_voltage" if values.get("diode_type") == "Zener" else "reverse_voltage_max"
        values[key] = number(reverse.group(1))
    if current := _CURRENT.search(text):
        values["forward_current_max"] = scaled(current.group(1), current.group(2))
    return values


PARSERS = {
    "microcontrollers": microcontroller,
    "logic": logic,
    "memory": memory,
    "data-converters": data_converter,
    "power-management": power,
    "analog": analog,
    "interface": interface,
    "bipolar-transistors": bipolar,
    "mosfets": mosfet,
    "diodes": diode,
}
_WITH_LIBRARY = {memory, power, analog}
_INTEGRATED = {"microcontrollers", "logic", "memory", "data-converters", "power-management",
               "analog", "interface", "processors", "dsp", "fpga", "rf"}


def parameters(category, description, name="", keywords="", library=""):
    """{key: value} the description states for a part of category `category` (a slug)."""
    text = " ".join((description or "").split())
    values, core_found = _stated(category, text, keywords or "", library or "")
    values = dict(values)
    if category == "microcontrollers" and not core_found:
        values.update(_core_by_name(name or ""))
    elif category == "logic":
        values.update(_logic_family(name or ""))
    return {key: value for key, value in values.items() if value not in (None, "")}


# Libraries and tables repeat descriptions (one text for every package of a part), so each
# distinct text is read once per process.
@lru_cache(maxsize=65536)
def _stated(category, text, keywords, library):
    """(values the text and keywords state, whether they name the core) for `parameters`,
    which adds what only the part's name tells."""
    values = {}
    if category in _INTEGRATED:
        values.update(supply(text))
        values.update(temperature(text))
    if category == "microcontrollers":
        values.update(_microcontroller_text(text, keywords))
        return values, "core" in values
    if category == "logic":
        values["function"] = _function_text(text)
        return values, False
    parser = PARSERS.get(category)
    if parser is not None:
        if parser in _WITH_LIBRARY:
            values.update(parser(text, "", keywords, library))
        else:
            values.update(parser(text, "", keywords))
    return values, False
