"""KiCad 6 and later symbol libraries (`.kicad_sym`, S-expressions).

A symbol carries its text as properties: the description is `ki_description` in KiCad 6/7
and `Description` from KiCad 8 on, the keywords `ki_keywords` (or `Keywords`). A derived
symbol `(extends "PARENT")` has no pins of its own and inherits every property it does not
set. Pins are the distinct `(number …)` of the `(pin …)` entries of the symbol's units.
`symbol_scan` reads a well-formed library in one pass; the full parser reads the rest.
"""

from pathlib import Path

from . import sexpr, symbol_scan
from .kicad5 import read_text
from .records import Problem, UnreadableFile, from_symbol

HEADER = "kicad_symbol_lib"
DESCRIPTION = ("Description", "ki_description")
KEYWORDS = ("ki_keywords", "Keywords")


def read(path, source, library=None):
    """(records, problems) of one .kicad_sym file: the file is read and its symbols found
    here; the records are made as they are taken (a generator), so the import can store the
    first ones while the rest are read."""
    path = Path(path)
    library = library or path.stem
    text = read_text(path)
    symbols, problems = symbol_scan.symbols(text), []
    if symbols is None:
        symbols = _parsed_symbols(text, path, problems)
    return _records(symbols, library, source, path.name, problems), problems


def _records(symbols, library, source, name_of_file, problems):
    for name in symbols:
        resolved = _resolve(name, symbols)
        if isinstance(resolved, str):
            problems.append(Problem(f"{name_of_file}, symbol {name}", resolved))
            continue
        properties, pins = resolved
        yield from_symbol(
            library, source, name,
            description=_first(properties, DESCRIPTION), keywords=_first(properties, KEYWORDS),
            datasheet=properties.get("Datasheet", ""), footprint=properties.get("Footprint", ""),
            symbol_pins=len(pins) or None)


def _parsed_symbols(text, path, problems):
    """The symbols from the whole parsed tree: for the files the one-pass scan leaves alone,
    and for saying where a malformed file breaks."""
    try:
        tree = sexpr.parse(text)
    except sexpr.SexprError as error:
        raise UnreadableFile(f"line {error.line}: {error}") from error
    if sexpr.head(tree) != HEADER:
        raise UnreadableFile(f"not a KiCad symbol library (no ({HEADER} …) at the top)")
    symbols = {}
    for position, node in enumerate(sexpr.children(tree, "symbol"), start=1):
        if len(node) < 2 or isinstance(node[1], list):
            problems.append(Problem(f"{path.name}, symbol #{position}", "symbol without a name"))
            continue
        symbols[str(node[1])] = _symbol(node)
    return symbols


def _symbol(node):
    properties = {}
    for prop in sexpr.children(node, "property"):
        if len(prop) >= 3 and not isinstance(prop[1], list) and not isinstance(prop[2], list) \
                and str(prop[1]) in symbol_scan.PROPERTIES:
            properties[str(prop[1])] = str(prop[2])
    extends = next((str(e[1]) for e in sexpr.children(node, "extends") if len(e) > 1), None)
    pins = set()
    for unit in sexpr.children(node, "symbol"):
        for pin in sexpr.children(unit, "pin"):
            number = next((n[1] for n in sexpr.children(pin, "number") if len(n) > 1), None)
            if number is not None and not isinstance(number, list):
                pins.add(str(number))
    return {"properties": properties, "extends": extends, "pins": pins}


def _resolve(name, symbols):
    """(properties, pins) with the ancestors' properties under the symbol's own,
    or a sentence saying why the chain of `extends` cannot be followed."""
    own = symbols[name]
    if own["extends"] is None:  # most symbols: nothing to inherit
        return {k: v for k, v in own["properties"].items() if v not in ("", "~")}, own["pins"]
    chain, current = [], name
    while current is not None:
        if current in chain:
            return f"extends itself through {' → '.join(chain)}"
        if current not in symbols:
            return f"extends {current}, which the library does not hold"
        chain.append(current)
        current = symbols[current]["extends"]
    properties = {}
    for ancestor in reversed(chain):
        own = symbols[ancestor]["properties"]
        properties.update({key: value for key, value in own.items() if value not in ("", "~")})
    return properties, symbols[chain[-1]]["pins"]


def _first(properties, names):
    return next((properties[n] for n in names if properties.get(n)), "")
