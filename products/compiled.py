"""Queries compiled once and run again with only their values changed, for the hottest reads.

Building a Django queryset and compiling it to SQL cost the public detail endpoint more than
PostgreSQL took to answer it, and a part-number search's ten-way UNION more than that. A
CompiledQuery builds its queryset once per key (a language, the shape of a search), with
placeholders where the changing values go, keeps the SQL and its parameters, and then runs
that SQL with the values put in. It is kept only when every other parameter is a plain
constant (a string, a number): a date or a time would be yesterday's tomorrow. Elsewhere than
on PostgreSQL, or for a query that cannot be kept, the queryset is built and run as usual;
the rows are the same either way (tests/api/test_compiled.py, tests/products/test_search.py).
Reads by key are also prepared statements, planned once per connection (`prepared`).
"""

import secrets
from decimal import Decimal

from django.db import connections
from django.db.backends.postgresql import base as postgresql_base
from django.db.backends.utils import CursorWrapper
from psycopg.adapt import Loader

# Values no request can hold: they stand for the changing values while the query is compiled.
_PLACEHOLDER = f"compiled-{secrets.token_hex(16)}"
_CONSTANTS = (str, int, float, Decimal, bool)


class _RawText(Loader):
    def load(self, data):
        return bytes(data)


class _LoggedBinding(postgresql_base.CursorDebugWrapper):
    """Logs a server-bound query as Django logs its own, with the values in the SQL text:
    psycopg keeps no text of a prepared statement's run."""

    def execute(self, sql, params=None):
        with self.debug_sql(self.db.ops.compose_sql(sql, params), params):
            return CursorWrapper.execute(self, sql, params)


def _placeholders(count):
    return tuple(f"{_PLACEHOLDER}-{index}" for index in range(count))


class CompiledQuery:
    def __init__(self, build, slots=1, prepared=False):
        """`build(key, *values)`: the queryset of rows (a values_list) for `slots` values.
        With `prepared`, the kept SQL is a prepared statement of each connection: PostgreSQL
        then plans it once for any values, which suits a lookup by key (planning a detail
        read took 0.9 ms, running it 0.06) and not a search whose best plan depends on the
        text sought."""
        self.build = build
        self.slots = slots
        self.prepared = prepared
        self._compiled = {}

    def first(self, key, value, using):
        """The first row of build(key, value) on the database `using`, or None."""
        compiled = self._kept(key, using, first=True)
        if compiled is False:
            return self.build(key, value).using(using).first()
        with self._cursor(using) as cursor:
            cursor.execute(*self._filled(compiled, (value,), using))
            return cursor.fetchone()

    def rows(self, key, values, using, raw_text=False):
        """Every row of build(key, *values) on the database `using`. With `raw_text`, text
        columns of the kept SQL come as the UTF-8 bytes the server sent: texts passed on
        unread (stored documents) are then never decoded and encoded again."""
        compiled = self._kept(key, using, first=False)
        if compiled is False:
            return list(self.build(key, *values).using(using))
        with self._cursor(using) as cursor:
            if raw_text:
                cursor.cursor.adapters.register_loader("text", _RawText)
            cursor.execute(*self._filled(compiled, values, using))
            return cursor.fetchall()

    def _cursor(self, using):
        """A cursor of the connection `using`; for a prepared query, one that binds its
        values on the server, which psycopg prepares (Django's own cursors bind them in the
        SQL text, which cannot be prepared). Both log and count queries alike."""
        connection = connections[using]
        if not self.prepared:
            return connection.cursor()
        connection.ensure_connection()
        binding = postgresql_base.ServerBindingCursor(connection.connection)
        if connection.queries_logged:
            return _LoggedBinding(binding, connection)
        return connection.make_cursor(binding)

    def kept(self, key, using, first=True):
        """Whether the query for `key` runs from its kept SQL on `using`."""
        return bool(self._compiled.get((key, using, first)))

    def _kept(self, key, using, first):
        compiled = self._compiled.get((key, using, first))
        if compiled is None:
            compiled = self._compiled[(key, using, first)] = self._compile(key, using, first)
        return compiled

    @staticmethod
    def _filled(compiled, values, using):
        """(SQL, parameters) with `values` where their placeholders were; a placeholder
        inside a longer parameter is a LIKE pattern, so its value is escaped as the ORM
        escapes it."""
        sql, constants, places = compiled
        params = list(constants)  # the kept list is shared by every thread
        operations = connections[using].ops
        for at, slot, affixes in places:
            if affixes is None:
                params[at] = values[slot]
            else:
                before, after = affixes
                params[at] = before + operations.prep_for_like_query(values[slot]) + after
        return sql, params

    def _compile(self, key, using, first):
        """(SQL, parameters, [(index, slot, None or the LIKE pattern's text around the
        value)]), or False when the query cannot be kept."""
        if connections[using].vendor != "postgresql":
            return False
        names = _placeholders(self.slots)
        queryset = self.build(key, *names).using(using)
        if first:
            queryset = queryset[:1]
        sql, params = queryset.query.get_compiler(using).as_sql()
        if not all(isinstance(param, _CONSTANTS) for param in params):
            return False
        places = []
        for index, param in enumerate(params):
            slots = [slot for slot, name in enumerate(names)
                     if isinstance(param, str) and name in param]
            if len(slots) > 1 or (slots and param.count(names[slots[0]]) > 1):
                return False
            if slots:
                name = names[slots[0]]
                affixes = None if param == name else tuple(param.split(name, 1))
                places.append((index, slots[0], affixes))
        if _PLACEHOLDER in sql:
            return False  # a value written into the SQL instead of passed as a parameter
        return sql, tuple(params), places
