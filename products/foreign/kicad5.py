"""KiCad 5 symbol libraries: the documentation file (.dcm) and, beside it, the symbols (.lib).

The .dcm holds what a part is (`$CMP name`, `D description`, `K keywords`, `F datasheet`,
`$ENDCMP`); the .lib with the same name is read only for what the .dcm lacks: aliases
without their own documentation, the footprint field and the pins of each symbol.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from .records import Problem, UnreadableFile, from_symbol

DCM_HEADER = "EESchema-DOCLIB"
LIB_HEADER = "EESchema-LIBRARY"


def read_text(path):
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise UnreadableFile(error.strerror or str(error)) from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(f"not UTF-8 text (byte {error.start})") from error


@dataclass
class Symbol:
    pins: set = field(default_factory=set)
    footprint: str = ""
    names: list = field(default_factory=list)  # the symbol's own name, then its aliases


# A .lib is mostly drawing. Its symbols are read a DEF at a time, and within one only the
# lines that matter, by regular expressions (in C): ALIAS, the footprint field F2 and the pins
# X. Each pattern starts at a line break, which the engine finds fast.
_DEF = re.compile(r"\n[ \t]*DEF(?=[ \t])")
_NAME = re.compile(r"[ \t]+(\S+)")
_ENDDEF = re.compile(r"\n[ \t]*ENDDEF(?=\s|$)")
_ALIAS = re.compile(r"\n[ \t]*ALIAS(?=[ \t])([^\n]*)")
_FOOTPRINT = re.compile(r"\n[ \t]*F2[ \t]+(\S+)")
_PIN = re.compile(r"\n[ \t]*X[ \t]+\S+[ \t]+(\S+)")


def read_lib(path):
    """{name: Symbol} for every symbol and alias of a .lib file (aliases share the symbol)."""
    text = "\n" + read_text(path)
    if not text.lstrip().startswith(LIB_HEADER):
        raise UnreadableFile(f"not a KiCad 5 symbol library (no {LIB_HEADER} header)")
    symbols = {}
    for segment in _DEF.split(text)[1:]:
        named = _NAME.match(segment)
        if named is None:
            continue
        # From the DEF line to its ENDDEF (or, in a file cut short, to the next DEF).
        end = _ENDDEF.search(segment)
        end = end.start() if end else len(segment)
        name = named.group(1).lstrip("~")
        symbol = symbols.setdefault(name, Symbol(names=[name]))
        for aliases in _ALIAS.findall(segment, 0, end):
            symbol.names.extend(aliases.split())
        footprints = _FOOTPRINT.findall(segment, 0, end)
        if footprints:
            symbol.footprint = footprints[-1].strip('"')
        symbol.pins.update(_PIN.findall(segment, 0, end))
    for symbol in list(symbols.values()):
        for alias in symbol.names[1:]:
            symbols.setdefault(alias, symbol)
    return symbols


def read_dcm(path, source, library=None, symbols=None):
    """(records, problems) of a .dcm file; `symbols` from the .lib beside it, if any."""
    path = Path(path)
    library = library or path.stem
    text = read_text(path)
    lines = text.splitlines()
    if not lines or not lines[0].startswith(DCM_HEADER):
        raise UnreadableFile(f"not a KiCad 5 documentation file (no {DCM_HEADER} header)")
    if symbols is None:
        symbols = _companion_lib(path)
    records, problems, documented = [], [], set()
    block, start = None, 0
    for number, line in enumerate(lines, start=1):
        if line.startswith("$CMP"):
            if block is not None:
                problems.append(Problem(f"{path.name}:{start}",
                                        f"symbol {block['name'] or '?'} has no $ENDCMP"))
            block, start = {"name": line[4:].strip(), "D": "", "K": "", "F": ""}, number
            if not block["name"]:
                problems.append(Problem(f"{path.name}:{number}", "$CMP without a symbol name"))
                block = None
        elif line.startswith("$ENDCMP"):
            if block is not None:
                records.append(_record(block, library, source, symbols))
                documented.add(block["name"])
            block = None
        elif block is not None and line[:2] in ("D ", "K ", "F "):
            block[line[0]] = line[2:].strip()
    if block is not None:
        problems.append(Problem(f"{path.name}:{start}",
                                f"symbol {block['name']} has no $ENDCMP (file cut short?)"))
    records.extend(_undocumented_aliases(records, documented, library, source, symbols))
    return records, problems


def _record(block, library, source, symbols):
    symbol = symbols.get(block["name"])
    return from_symbol(
        library, source, block["name"], description=block["D"], keywords=block["K"],
        datasheet=block["F"], footprint=symbol.footprint if symbol else "",
        symbol_pins=len(symbol.pins) if symbol else None)


def _undocumented_aliases(records, documented, library, source, symbols):
    """Aliases the .lib declares without a $CMP of their own share their symbol's text."""
    by_name = {record.part_number: record for record in records}
    extra = []
    for name, symbol in symbols.items():
        if name in documented:
            continue
        parent = next((by_name[n] for n in symbol.names if n in by_name), None)
        if parent is None:
            continue
        extra.append(from_symbol(
            library, source, name, description=parent.description, keywords=parent.keywords,
            datasheet=parent.datasheet, footprint=symbol.footprint,
            symbol_pins=len(symbol.pins)))
    return extra


def _companion_lib(dcm_path):
    lib = dcm_path.with_suffix(".lib")
    if not lib.is_file():
        return {}
    try:
        return read_lib(lib)
    except UnreadableFile:
        return {}
