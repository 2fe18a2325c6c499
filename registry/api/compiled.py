"""Queries compiled once and run again with one value changed: for the hottest public read.

Building a Django queryset and compiling it to SQL cost the public detail endpoint more than
PostgreSQL took to answer it. A CompiledQuery builds its queryset once per key (a language),
with a placeholder where the changing value goes, keeps the SQL and its parameters, and then
runs that SQL with the value put in. It is kept only when every other parameter is a plain
constant (a string, a number): a date or a time would be yesterday's tomorrow. Elsewhere
than on PostgreSQL, or for a query that cannot be kept, the queryset is built and run as
usual; the rows are the same either way (tests/api/test_compiled.py).
"""

import secrets
from decimal import Decimal

from django.db import connections

# A value no request can hold: stands for the changing value while the query is compiled.
_PLACEHOLDER = f"compiled-{secrets.token_hex(16)}"
_CONSTANTS = (str, int, float, Decimal, bool)


class CompiledQuery:
    def __init__(self, build):
        """`build(key, value)`: the queryset of rows (a values_list) for `value`."""
        self.build = build
        self._compiled = {}

    def first(self, key, value, using):
        """The first row of build(key, value) on the database `using`, or None."""
        compiled = self._compiled.get((key, using))
        if compiled is None:
            compiled = self._compiled[(key, using)] = self._compile(key, using)
        if compiled is False:
            return self.build(key, value).using(using).first()
        sql, constants, at = compiled
        params = list(constants)  # the kept list is shared by every thread
        params[at] = value
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()

    def kept(self, key, using):
        """Whether the query for `key` runs from its kept SQL on `using`."""
        return bool(self._compiled.get((key, using)))

    def _compile(self, key, using):
        """(SQL, parameters, where the value goes), or False when it cannot be kept."""
        if connections[using].vendor != "postgresql":
            return False
        queryset = self.build(key, _PLACEHOLDER).using(using)
        sql, params = queryset[:1].query.get_compiler(using).as_sql()
        places = [index for index, param in enumerate(params) if param == _PLACEHOLDER]
        constants = all(isinstance(param, _CONSTANTS) for param in params)
        if len(places) != 1 or not constants:
            return False
        return sql, tuple(params), places[0]
