"""An uploaded or pasted list is kept briefly in the cache, never in the database.

The table is kept for STAGE_SECONDS under an unguessable token, so that the reader can change
the header row and the columns, and download the answer, without sending it again.
"""

import re
import secrets

from django.core.cache import cache

STAGE_SECONDS = 3600
# The text of one kept list: a file of the largest size with a few columns fits; a list
# padded to fill the cache does not (each client's uploads are also limited in number).
STAGE_MAX_CHARS = 1_000_000


def stage_size(rows):
    """Characters of text a staged table keeps."""
    return sum(len(cell) for _number, cells in rows for cell in cells)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,40}$")


def stage(rows, filename):
    token = secrets.token_urlsafe(18)
    cache.set(f"bom:{token}", {"rows": rows, "name": filename[:120]}, STAGE_SECONDS)
    return token


def staged(token):
    """The staged list for `token`, or None when unknown or expired."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None
    return cache.get(f"bom:{token}")
