"""Packages: one spelling per package, and the package an ordering code's suffix names.

"Pin-to-pin" is a promise about the board: it holds only when both parts sit in the same
package with the same number of pins. Catalogues write one package many ways (DIP-14, PDIP14,
DIP14; SOIC-14, SO14), and domestic catalogues use their own codes (2101.8-1, КТ-28), so
both sides are reduced to a `Package` (kind and pins) before they are compared.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

# Spellings of one package kind. Kinds not listed keep their own name (QFP, SSOP, PLCC…);
# SOP and SOIC stay apart on purpose: the Japanese SOP is wider than a JEDEC SOIC.
KIND_ALIASES = {
    "DIP": "DIP", "PDIP": "DIP", "DIL": "DIP", "CDIP": "DIP", "SPDIP": "DIP",
    "SO": "SOIC", "SOIC": "SOIC", "SOICN": "SOIC", "SOICW": "SOIC",
    "QFN": "QFN", "VQFN": "QFN", "WQFN": "QFN", "UQFN": "QFN", "UFQFPN": "QFN",
    "BGA": "BGA", "PBGA": "BGA", "FBGA": "BGA", "CBGA": "BGA",
}

# Transistor-style outlines: the number is the outline's name, not its pin count.
OUTLINE_PINS = {"TO-92": 3, "TO-220": 3, "TO-126": 3, "TO-247": 3, "TO-252": 3, "TO-263": 3,
                "SOT-23": 3, "SOT-223": 4, "SOT-89": 3}

# Domestic package codes (ГОСТ 17467) of the counterparts of common Western packages.
DOMESTIC_CODES = {
    "2101.8": "DIP-8", "201.14": "DIP-14", "201.16": "DIP-16", "238.16": "DIP-16",
    "2104.18": "DIP-18", "2121.28": "DIP-28", "2123.40": "DIP-40",
    "КТ-26": "TO-92", "КТ-27": "TO-126", "КТ-28": "TO-220",
}

_OUTLINE = re.compile(r"^(TO|SOT)-?(\d+)[A-Z]*(?:-(\d+))?$")
_COUNTED = re.compile(r"^([A-Z]+?)-?(\d+)[A-Z]?$")
_DOMESTIC = re.compile(r"^(КТ-\d+|\d{3,4}\.\d+)")


@dataclass(frozen=True)
class Package:
    kind: str  # DIP, SOIC, TO-220, LQFP …
    pins: int | None = None

    def __str__(self):
        if self.kind in OUTLINE_PINS:
            default = OUTLINE_PINS[self.kind]
            return self.kind if self.pins in (None, default) else f"{self.kind}-{self.pins}"
        return f"{self.kind}-{self.pins}" if self.pins else self.kind

    def with_pins(self, pins):
        return self if self.pins or not pins else Package(self.kind, pins)

    def same_as(self, other):
        """True, False, or None when the pin count of one side is not known."""
        if self.kind != other.kind:
            return False
        if self.pins is None or other.pins is None:
            return None
        return self.pins == other.pins


def normalise(name: object) -> Package | None:
    """The Package a catalogue's spelling names, or None for an empty one."""
    try:
        return _normalise(name)
    except TypeError:  # not a cache key
        return _normalise.__wrapped__(name)


# A register holds a few hundred spellings, met thousands of times in one bill of materials.
@lru_cache(maxsize=4096, typed=True)
def _normalise(name):
    text = re.sub(r"\s+", "", str(name or "")).upper().replace("_", "-")
    if not text:
        return None
    domestic = _DOMESTIC.match(text)
    if domestic and domestic.group(1) in DOMESTIC_CODES:
        return normalise(DOMESTIC_CODES[domestic.group(1)])
    outline = _OUTLINE.match(text)
    if outline:
        kind = f"{outline.group(1)}-{outline.group(2)}"
        pins = int(outline.group(3)) if outline.group(3) else OUTLINE_PINS.get(kind)
        return Package(kind, pins)
    counted = _COUNTED.match(text.replace("-", "", 1) if text.count("-") > 1 else text)
    if counted:
        kind = counted.group(1)
        return Package(KIND_ALIASES.get(kind, kind), int(counted.group(2)))
    return Package(KIND_ALIASES.get(text, text))


# --- The package an ordering code names ----------------------------------------------------
#
# Used only when the reference catalogue does not know the part. Deliberately small: the
# common conventions of the makers whose parts fill bills of materials. The pin count is
# not in these suffixes; it comes from the catalogue's row for the family or from a
# pin-to-pin declaration (`Package.with_pins`).

# [vendor prefix][number, e.g. 74HC164 or 317][suffix letters] on the plain ordering code.
_ORDERING_CODE = re.compile(r"^([A-Z]{0,6})(\d{2,}(?:[A-Z]{1,4}\d+)?)([A-Z]*)$")

# Texas Instruments, National, ON, ST and the 74-series makers: an optional grade letter,
# then the package letters (N/P/E plastic DIP, D SOIC, PW TSSOP, T TO-220, Z/LP TO-92) and
# an optional packing letter (R tape and reel).
_GENERIC_PREFIXES = {"", "SN", "CD", "MC", "LM", "NE", "SA", "SE", "UA", "TL", "TLC", "LF", "KA",
                     "L", "HEF", "MM"}
_GENERIC_SUFFIXES = [
    (re.compile(r"^[CIAM]?(N|P|E|NE4|PE4|NSR)$"), "DIP"),
    (re.compile(r"^[CIAM]?(D|DR|DT|DW|DWR|M|MX)$"), "SOIC"),
    (re.compile(r"^[CIAM]?(PW|PWR|PWT)$"), "TSSOP"),
    (re.compile(r"^[CIAM]?(T|V|KC|KCS)$"), "TO-220"),
    (re.compile(r"^[CIAM]?(Z|LP|LZ|LPR)$"), "TO-92"),
]
# Maxim: temperature grade, then the package letter and the pin-count letter (MAX232CPE).
_MAXIM_SUFFIXES = [(re.compile(r"^[A-Z]?[CEAM]P[A-Z]$"), "DIP"),
                   (re.compile(r"^[A-Z]?[CEAM]S[A-Z]$"), "SOIC")]
# Analog Devices: grade letter, then N plastic DIP or R SOIC, Z for lead-free (AD620AR).
_ANALOG_DEVICES_SUFFIXES = [(re.compile(r"^[A-Z]?NZ?$"), "DIP"),
                            (re.compile(r"^[A-Z]?RZ?(?:RL|RL7)?$"), "SOIC")]
# Microchip (Atmel) AVR: the code after the hyphen (ATmega328P-PU).
_AVR_SUFFIXES = {"PU": "DIP", "PN": "DIP", "AU": "TQFP", "AN": "TQFP", "MU": "QFN", "MN": "QFN"}


def from_ordering_code(code: str) -> Package | None:
    """The Package (kind only) an ordering code's suffix names, or None."""
    text = str(code or "").strip().upper()
    if "-" in text and text.startswith("AT"):
        kind = _AVR_SUFFIXES.get(re.split(r"[-/]", text.rsplit("-", 1)[1])[0])
        return Package(kind) if kind else None
    plain = re.sub(r"[^0-9A-Z]", "", text)
    match = _ORDERING_CODE.match(plain)
    if not match:
        return None
    prefix, _number, suffix = match.groups()
    if prefix == "MAX":
        rules = _MAXIM_SUFFIXES
    elif prefix in ("AD", "OP", "ADM"):
        rules = _ANALOG_DEVICES_SUFFIXES
    elif prefix in _GENERIC_PREFIXES:
        rules = _GENERIC_SUFFIXES
    else:
        return None
    for pattern, kind in rules:
        if pattern.match(suffix):
            return Package(kind, OUTLINE_PINS.get(kind))
    return None
