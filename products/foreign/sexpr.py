"""A small reader of S-expressions as KiCad writes them (`.kicad_sym`), without eval.

Lists become Python lists; quoted strings become `Str` (so `"1"` and the atom `1` stay
apart); bare atoms become plain `str`. Escapes in strings follow KiCad: \\" \\\\ \\n \\t.
"""

import re

_TOKEN = re.compile(r'\s*(?:(\()|(\))|"((?:[^"\\]|\\.)*)"|([^\s()"]+))', re.S)
_ESCAPE = re.compile(r"\\(.)", re.S)
_ESCAPED = {"n": "\n", "t": "\t", "r": "\r"}


class SexprError(ValueError):
    """The text is not a well-formed S-expression; `line` says where reading stopped."""

    def __init__(self, message, line):
        super().__init__(message)
        self.line = line


class Str(str):
    """A quoted string, told apart from a bare atom of the same text."""

    __slots__ = ()


def _unescape(text):
    if "\\" not in text:
        return Str(text)
    return Str(_ESCAPE.sub(lambda m: _ESCAPED.get(m.group(1), m.group(1)), text))


def _line_of(text, position):
    return text.count("\n", 0, position) + 1


def parse(text):
    """The first expression of `text` as nested lists; raises SexprError when malformed."""
    stack = [[]]
    position, end = 0, len(text)
    match = _TOKEN.match
    while position < end:
        token = match(text, position)
        if token is None:
            if text[position:].strip():
                raise SexprError("unreadable text (an unterminated string?)",
                                 _line_of(text, position))
            break
        position = token.end()
        opening, closing, quoted, atom = token.groups()
        if opening:
            stack.append([])
        elif closing:
            if len(stack) == 1:
                raise SexprError("a closing parenthesis without an opening one",
                                 _line_of(text, token.start()))
            done = stack.pop()
            stack[-1].append(done)
            if len(stack) == 1:
                return done
        elif quoted is not None:
            stack[-1].append(_unescape(quoted))
        else:
            stack[-1].append(atom)
    if len(stack) > 1:
        raise SexprError("the file ends inside an unclosed list", _line_of(text, end))
    raise SexprError("no S-expression in the file", 1)


def head(node):
    """The name of a list (`symbol` for `(symbol "X" …)`), or None for atoms and empty lists."""
    if isinstance(node, list) and node and not isinstance(node[0], (list, Str)):
        return node[0]
    return None


def children(node, name):
    """The sub-lists of `node` called `name`, in order."""
    return [child for child in node if isinstance(child, list) and head(child) == name]
