"""What readers hand over: one record per part, and the problems met on the way."""

import re
from dataclasses import dataclass, field

from . import descriptions, libraries, packages

# A lowercase x among capitals and digits is a wildcard of the maker's library (STM32F103C8Tx).
_PATTERN = re.compile(r"^(?=.*[A-Z0-9])[A-Z0-9x.\-/+_]*x[A-Z0-9x.\-/+_]*$")


class UnreadableFile(Exception):
    """A whole file cannot be read: wrong format, bad encoding, missing columns."""


@dataclass
class Problem:
    where: str   # "MCU_ST_STM32F1.dcm:120" or "parts.csv, row 7"
    reason: str

    def __str__(self):
        return f"{self.where}: {self.reason}"


@dataclass
class Record:
    part_number: str
    source: str
    description: str = ""
    keywords: str = ""
    datasheet: str = ""
    maker: str = ""
    category: str = ""          # a category slug
    package: str = ""
    pin_count: int | None = None
    parameters: dict = field(default_factory=dict)
    ordering_pattern: str = ""


def ordering_pattern(name):
    """The name itself when it is an ordering-code pattern (STM32F103C8Tx, 93AAxxA), else ''."""
    return name if _PATTERN.match(name) else ""


def clean_url(value):
    """A datasheet link, or '' for KiCad's placeholders ("~", empty)."""
    value = (value or "").strip()
    return value if value.lower().startswith(("http://", "https://")) else ""


def from_symbol(library, source, name, description="", keywords="", datasheet="",
                footprint="", symbol_pins=None):
    """A record for one KiCad symbol: category and maker from the library name,
    package and pins from the footprint or the description, parameters from the description."""
    category = libraries.category_slug(library)
    package, pins = packages.from_footprint(footprint)
    if not package:
        package, described_pins = packages.from_description(description)
        pins = pins or described_pins
    return Record(
        part_number=name, source=source, description=description, keywords=keywords,
        datasheet=clean_url(datasheet), maker=libraries.maker(library), category=category,
        package=package, pin_count=pins or symbol_pins or None,
        parameters=descriptions.parameters(category, description, name, keywords, library),
        ordering_pattern=ordering_pattern(name),
    )
