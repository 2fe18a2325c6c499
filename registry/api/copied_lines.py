"""The JSON Lines export on PostgreSQL: stored documents read by one COPY and sent as bytes.

A cursor's fetches take turns with the code that sends what they return, and every text is
decoded from UTF-8 on the way in and encoded again on the way out. One COPY instead streams
the rows while the previous ones are being sent, and its text goes to the client as it came.

A COPY row is the entry's current document or, where it has none, its registry number (a
document starts with "{", a number never does). The connection is busy until the COPY ends,
so from the first entry without a current document on, the rest of the COPY is read and
dropped, and the export goes on from that entry as exports.representations reads entries:
building those without a document from their rows.
"""

from contextlib import nullcontext

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.backends.utils import CursorDebugWrapper
from django.db.models import F, TextField
from django.db.models.functions import Coalesce
from django.utils import translation

from . import stored

OPENING_BRACE = ord("{")


def json_lines(queryset, request, block_size, rest):
    """The entries of `queryset` as JSON Lines in registry-number order, in blocks of about
    `block_size` bytes; `rest(queryset, request)` gives the blocks of the entries from the
    first one without a current document on."""
    # Lines are produced after the view has returned: keep the language it answered in.
    return _blocks(queryset, request, translation.get_language(), block_size, rest)


def _blocks(queryset, request, language, block_size, rest):
    with translation.override(language):
        ordered = queryset.order_by("registry_number", "pk")
        rows = stored.with_document(ordered, language).values_list(
            Coalesce(stored.current_body(), F("registry_number"), output_field=TextField()))
        move = _link_move(request)
        pieces, size, stopped_at = [], 0, None
        for row in _copied(rows):
            if stopped_at is not None:
                continue  # the COPY must be read to its end before the connection is free
            if row[0] != OPENING_BRACE:
                stopped_at = bytes(row[:-1]).decode()
                continue
            pieces.append(row)
            size += len(row)
            if size >= block_size:
                yield move(b"".join(pieces))
                pieces, size = [], 0
        if pieces:
            yield move(b"".join(pieces))
        if stopped_at is not None:
            yield from rest(ordered.filter(registry_number__gte=stopped_at), request)


def _copied(queryset):
    """The rows of `queryset` as COPY writes them in its text format, one line each."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # filters that no entry can match
        return
    statement = f"COPY ({sql}) TO STDOUT"
    with connections[queryset.db].cursor() as cursor:
        # Counted among the queries where Django counts its own.
        logged = cursor.debug_sql(statement, params) \
            if isinstance(cursor, CursorDebugWrapper) else nullcontext()
        with logged, cursor.cursor.copy(statement, params) as copy:
            yield from copy


def _link_move(request):
    """COPY's text format doubles every backslash (a JSON text has no other character it
    escapes: control characters are escaped by JSON itself); then the links move to the
    address the client used, by stored.rebase, which takes bytes as they are."""

    def move(block):
        return stored.rebase(block.replace(b"\\\\", b"\\"), request)
    return move
