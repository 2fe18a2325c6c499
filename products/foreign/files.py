"""Which reader a file needs, told by its name, and what its rows are called as a source."""

from pathlib import Path

from . import kicad5, kicad_sym, tables
from .records import UnreadableFile

TABLES = (".csv", ".tsv", ".txt", ".xlsx")
FORMATS = (".dcm", ".kicad_sym", ".lib", *TABLES)


def source_of(path, name=None):
    """"kicad:MCU_ST_STM32F1" for a library, "csv:parts.csv" for a table, or the given name."""
    path = Path(path)
    if name:
        return name
    if path.suffix.lower() in (".dcm", ".kicad_sym", ".lib"):
        return f"kicad:{path.stem}"
    return f"{path.suffix.lower().lstrip('.')}:{path.name}"


def read(path, source=None, known_keys=frozenset()):
    """(records, problems) of one file; UnreadableFile when the file as a whole cannot be read.

    `records` may be a generator that reads as it is taken; `problems` is complete once it has
    been taken to the end."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise UnreadableFile("no such file")
    source = source_of(path, source)
    if suffix == ".dcm":
        return kicad5.read_dcm(path, source)
    if suffix == ".kicad_sym":
        return kicad_sym.read(path, source)
    if suffix == ".lib":
        raise UnreadableFile("a KiCad 5 .lib is read beside its .dcm (the same name with .dcm);"
                             " pass the .dcm file")
    if suffix in TABLES:
        return tables.read(path, source, known_keys)
    raise UnreadableFile(f"unknown format {suffix or '(no extension)'}; expected one of "
                         f"{', '.join(FORMATS)}")
