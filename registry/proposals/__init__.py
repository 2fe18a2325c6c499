"""Proposed data of applications: its shape, its validation, how it is applied and shown."""

from .apply import apply
from .display import Row, rows
from .shape import (
    ENTRY_FIELDS,
    SECTIONS,
    canonical,
    changed_sections,
    empty,
    merge,
    of_entry,
)
from .validation import Built, build, validate

__all__ = [
    "ENTRY_FIELDS",
    "SECTIONS",
    "Built",
    "Row",
    "apply",
    "build",
    "canonical",
    "changed_sections",
    "empty",
    "merge",
    "of_entry",
    "rows",
    "validate",
]
