"""A small reader of S-expressions as KiCad writes them (`.kicad_sym`), without eval.

Lists become Python lists, atoms and quoted strings become str. Escapes in strings follow
KiCad: \\" \\\\ \\n \\t. The text is cut into tokens by one regular expression (in C), and one
loop builds the lists, so a library of a hundred thousand symbols reads in seconds.
"""

import re

# Parentheses, quoted strings (the unrolled form: fast on long strings), atoms, and a stray
# quote, which only an unterminated string leaves.
_TOKENS = re.compile(r'[()]|"[^"\\]*(?:\\.[^"\\]*)*"|[^\s()"]+|"', re.S)
_ESCAPE = re.compile(r"\\(.)", re.S)
_ESCAPED = {"n": "\n", "t": "\t", "r": "\r"}


class SexprError(ValueError):
    """The text is not a well-formed S-expression; `line` says where reading stopped."""

    def __init__(self, message, line):
        super().__init__(message)
        self.line = line


def _unescape(text):
    return _ESCAPE.sub(lambda m: _ESCAPED.get(m.group(1), m.group(1)), text)


def parse(text):
    """The first expression of `text` as nested lists; raises SexprError when malformed."""
    stack, current = [], None
    for token in _TOKENS.findall(text):
        first = token[0]
        if first == "(":
            if current is not None:
                stack.append(current)
            current = []
        elif first == ")":
            if current is None:
                raise SexprError("a closing parenthesis without an opening one",
                                 _line_of_token(text, ")"))
            if not stack:
                return current
            done, current = current, stack.pop()
            current.append(done)
        elif current is None:
            raise SexprError("text before the first parenthesis", 1)
        elif first != '"':
            current.append(token)
        elif len(token) == 1:
            raise SexprError("a string without its closing quote", _line_of_token(text, '"'))
        else:
            quoted = token[1:-1]
            current.append(_unescape(quoted) if "\\" in quoted else quoted)
    if current is not None:
        raise SexprError("the file ends inside an unclosed list", text.count("\n") + 1)
    raise SexprError("no S-expression in the file", 1)


def _line_of_token(text, wanted):
    """The line of the first stray `)` or `"` (looked for only when reporting an error)."""
    for match in _TOKENS.finditer(text):
        if match.group(0) == wanted:
            return text.count("\n", 0, match.start()) + 1
    return text.count("\n") + 1


def head(node):
    """The name of a list (`symbol` for `(symbol "X" …)`), or None for atoms and empty lists."""
    if isinstance(node, list) and node and isinstance(node[0], str):
        return node[0]
    return None


def children(node, name):
    """The sub-lists of `node` called `name`, in order."""
    return [child for child in node if child.__class__ is list and child and child[0] == name]
