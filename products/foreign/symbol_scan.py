"""The symbols of a `.kicad_sym` library read in one pass, without building its tree.

A library is mostly drawing: text effects, graphics, pin geometry. `sexpr.parse` turns every
token of it into Python objects; this reader lets one regular expression (in C) step over
every list that cannot matter, and stops in Python only at the lists `kicad_sym` reads:
top-level `(symbol NAME …)`, their `(property KEY VALUE …)` of the keys in PROPERTIES and
`(extends NAME)`, their unit `(symbol …)`, the units' `(pin …)` and the pins' `(number N …)`.
Properties of other keys (Reference, Value, ki_fp_filters…) are stepped over with the drawing.

It answers exactly what `kicad_sym` would take from the parsed tree, or None when the text
has any shape it does not know (a malformed file, a head written oddly, lists nested deeper
than it steps over); the caller then parses the whole file the slow, thorough way.
"""

import re

from .sexpr import _unescape

_STRING = r'"[^"\\]*+(?:\\[\s\S][^"\\]*+)*+"'
_VALUE = r'(?:"([^"\\]*+(?:\\[\s\S][^"\\]*+)*+)"|([^\s()"]++))'
_HEADS = r'(?:symbol|property|extends|pin|number)(?=[\s()"])'
# The properties the import reads: the description and keywords under their KiCad 8 and
# KiCad 6/7 keys, the datasheet and the footprint.
PROPERTIES = ("Description", "ki_description", "Keywords", "ki_keywords", "Datasheet",
              "Footprint")


def _balanced(depth):
    """A list holding lists at most `depth` levels deep, strings and atoms anywhere."""
    pattern = rf'\((?:[^()"]++|{_STRING})*+\)'
    for _ in range(depth):
        pattern = rf'\((?:[^()"]++|{_STRING}|{pattern})*+\)'
    return pattern


_REST = rf'(?:[^()"]++|{_STRING}|{_balanced(6)})*+'
# A whole pin in one step, when its first list of its own named `number` can be found: the
# lists before it (name, alternates; none headed by a string) are stepped over, and what
# follows it too. Otherwise the pin is read a list at a time.
_PIN_WHOLE = (rf'\(\s*+pin(?=[\s()"])'
              rf'(?:[^()"]++|{_STRING}|(?!\(\s*+(?:number(?=[\s()"])|")){_balanced(6)})*+'
              rf'\(\s*+number\s++{_VALUE}{_REST}\){_REST}\)')
# A property of a key not read, written plainly (a key with escapes is read, to be safe).
_UNREAD_PROPERTY = (rf'\(\s*+property\s++(?!"?(?:{"|".join(PROPERTIES)})[\s()"])'
                    rf'(?:"[^"\\]*+"|[^\s()"]++){_REST}\)')
# Atoms, strings, unread properties and whole lists whose head is none of the names read here.
_SKIP = (rf'(?:[^()"]++|{_STRING}|{_UNREAD_PROPERTY}'
         rf'|\(\s*+(?!{_HEADS})[^\s()"]++{_REST}\))*+')
_TOKEN = re.compile(
    rf'{_SKIP}(?:'
    rf'(?P<property>\(\s*+property\s++{_VALUE}\s++{_VALUE}{_REST}\))'
    rf'|(?P<number>\(\s*+number\s++{_VALUE}{_REST}\))'
    rf'|(?P<symbol>\(\s*+symbol\s++{_VALUE})'
    rf'|(?P<extends>\(\s*+extends\s++{_VALUE})'
    rf'|(?P<whole_pin>{_PIN_WHOLE})'
    rf'|(?P<pin>\(\s*+pin(?=[\s()"]))'
    rf'|(?P<odd>\(\s*+{_HEADS})'
    rf'|(?P<open>\(\s*+[^\s()"]++)'
    rf'|(?P<close>\))'
    rf')')
_LIBRARY = re.compile(r'\s*+\(\s*+kicad_symbol_lib(?=[\s()"])')

LIBRARY, TOP, UNIT, PIN, OTHER = range(5)
# Each value is two groups (quoted, bare) right after its alternative's own group.
_KEY = _TOKEN.groupindex["property"] + 1
_VALUE_OF = {name: _TOKEN.groupindex[name] + 1
             for name in ("number", "symbol", "extends", "whole_pin")}
_PROPERTY_VALUE = _KEY + 2


def _text(match, first):
    quoted, bare = match.group(first, first + 1)
    if quoted is None:
        return bare
    return _unescape(quoted) if "\\" in quoted else quoted


def symbols(text):
    """{name: {"properties", "extends", "pins"}} in the order `kicad_sym` would have them,
    or None when only the full parser can tell."""
    start = _LIBRARY.match(text)
    if start is None:
        return None
    found, kinds, pin_number = {}, [LIBRARY], None
    current = pins = None
    position = start.end()
    for match in _TOKEN.finditer(text, position):
        if match.start() != position:
            return None  # something no alternative reads: a stray quote, a list headed by a list
        position = match.end()
        kind, parent = match.lastgroup, kinds[-1]
        if kind == "close":
            kinds.pop()
            if not kinds:
                return found
            if parent == PIN and pin_number is not None:
                pins.add(pin_number)
            continue
        if kind == "property":
            if parent == TOP:
                current["properties"][_text(match, _KEY)] = _text(match, _PROPERTY_VALUE)
        elif kind == "number":
            if parent == PIN and pin_number is None:
                pin_number = _text(match, _VALUE_OF["number"])
        elif kind == "whole_pin":
            if parent == UNIT:
                pins.add(_text(match, _VALUE_OF["whole_pin"]))
            continue  # a complete list: nothing opened
        elif kind == "odd":
            return None
        elif kind == "symbol":
            if parent == LIBRARY:
                current = {"properties": {}, "extends": None, "pins": set()}
                pins = current["pins"]
                found[_text(match, _VALUE_OF["symbol"])] = current
                kinds.append(TOP)
            else:
                kinds.append(UNIT if parent == TOP else OTHER)
        elif kind == "extends":
            if parent == TOP and current["extends"] is None:
                current["extends"] = _text(match, _VALUE_OF["extends"])
            kinds.append(OTHER)
        elif kind == "pin":
            if parent == UNIT:
                kinds.append(PIN)
                pin_number = None
            else:
                kinds.append(OTHER)
        else:
            kinds.append(OTHER)
    return None  # the library's list is never closed
