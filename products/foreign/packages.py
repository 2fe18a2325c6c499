"""Packages and pin counts as symbol libraries write them: LQFP-48, DIP-8/SOIC-8, TO-220-3.

For most families the number is the pin count (LQFP-48, SOIC-8); for transistor and diode
outlines (TO-, SOT-, DO-, SOD-, SC-) it is the outline's name, so their pins come from a
second number (TO-220-3, SOT-23-5) or from the outline's usual lead count.
"""

import re
from functools import lru_cache

from .. import vocabulary

_FAMILIES = ("DIP|SOIC|SOP|SO|QFN|DFN|QFP|BGA|SON|SOJ|PLCC|LGA|CSP|TSOP|SOT|TO|DO|SOD|SC|SIP"
             "|ZIP|MELF")
PACKAGE = re.compile(
    rf"(?<![A-Za-z0-9])([A-Z]{{0,4}}(?:{_FAMILIES})[A-Z]?(?:[- ]I{{1,2}})?[- ]?\d+[A-Z]{{0,2}}"
    rf"(?:-\d+)?)(?![A-Za-z0-9.])")
_OUTLINE = re.compile(r"^(TO|SOT|DO|SOD|SC)-\d+")
# Usual lead counts of outlines named without one.
OUTLINE_PINS = {
    "SOT-23": 3, "SOT-323": 3, "SOT-89": 3, "SOT-223": 3, "SOT-363": 6, "SC-70": 3,
    "TO-92": 3, "TO-220": 3, "TO-247": 3, "TO-126": 3, "TO-18": 3, "TO-39": 3,
}
_TRAILING_NUMBER = re.compile(r"(\d+)[A-Z]{0,2}$")


@lru_cache(maxsize=4096)
def tidy(package):
    """One spelling for one package: PDIP-8 → DIP-8, SO-8 → SOIC-8, TSOP II-44 → TSOP-II-44."""
    text = re.sub(r"\s+", "-", package.strip())
    text = re.sub(r"^([A-Z]+)(\d)", r"\1-\2", text)
    return vocabulary.canonical("package", text)


@lru_cache(maxsize=4096)
def pins_of(package):
    """The pin count a package name states, or None when it does not say."""
    outline = _OUTLINE.match(package)
    if outline:
        rest = package[outline.end():]
        second = re.match(r"-(\d+)$", rest)
        if second:
            return int(second.group(1))
        if outline.group(1) in ("DO", "SOD"):
            return 2
        return OUTLINE_PINS.get(outline.group(0))
    number = _TRAILING_NUMBER.search(package)
    return int(number.group(1)) if number else None


def packages_in(text):
    """Every package a description names, tidied, in order, without repeats."""
    found = []
    for match in PACKAGE.finditer(text or ""):
        package = tidy(match.group(1))
        if package not in found:
            found.append(package)
    return found


@lru_cache(maxsize=65536)
def from_description(text):
    """(package, pins): the package when the text names exactly one, the pins when all agree."""
    found = packages_in(text)
    if not found:
        return "", None
    pins = {pins_of(package) for package in found}
    pin_count = pins.pop() if len(pins) == 1 else None
    return (found[0] if len(found) == 1 else ""), pin_count


@lru_cache(maxsize=4096)  # a library uses a few footprints for thousands of symbols
def from_footprint(footprint):
    """(package, pins) from a KiCad footprint name such as Package_SO:SOIC-8_3.9x4.9mm_P1.27mm."""
    name = (footprint or "").rsplit(":", 1)[-1].split("_", 1)[0]
    match = PACKAGE.fullmatch(name)
    if not match:
        return "", None
    package = tidy(name)
    return package, pins_of(package)
