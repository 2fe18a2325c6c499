"""Extract ids: 16 characters of Crockford's base32 (80 random bits).

Short enough for a QR code and to be read over the phone, unguessable, and forgiving when
typed from paper: case, hyphens and spaces are ignored, O reads as 0 and I or L as 1.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 16
GROUP = 4
_VALID = re.compile(rf"^[{ALPHABET}]{{{LENGTH}}}$")
_TYPED_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s-]+")
# Anything longer than a grouped id with generous spacing is not an extract id.
_MAX_TYPED = 64


def new_extract_id():
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed):
    """The canonical form of a typed or scanned id, or None when it cannot be one."""
    if not isinstance(typed, str) or len(typed) > _MAX_TYPED:
        return None
    value = _SEPARATORS.sub("", typed).upper().translate(_TYPED_ALIASES)
    return value if _VALID.match(value) else None


def grouped(extract_id):
    """Four groups of four, e.g. 3TYV-6ZHA-Q5H0-T7M7: how an id is printed for people."""
    return "-".join(extract_id[i:i + GROUP] for i in range(0, len(extract_id), GROUP))
