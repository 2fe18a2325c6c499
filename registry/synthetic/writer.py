"""Writing many rows fast: COPY on PostgreSQL, executemany on SQLite.

Rows are dicts of attribute names; columns a model has but a row leaves out take the
field's default, so new fields with defaults need no change here.
"""

from django.core.management.color import no_style
from django.db import connection


class TableWriter:
    def __init__(self, model, with_id=False):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields
                       if with_id or not f.primary_key]
        self.defaults = {f.attname: f.get_default() for f in self.fields}
        self.rows = []

    def add(self, values):
        self.rows.append([values.get(f.attname, self.defaults[f.attname]) for f in self.fields])

    def flush(self):
        if not self.rows:
            return
        if connection.vendor == "postgresql":
            self._copy()
        else:
            self._insert()
        self.rows = []

    def _copy(self):
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor, cursor.cursor.copy(
                f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in self.rows:
                copy.write_row(row)

    def _insert(self):
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        table = connection.ops.quote_name(self.model._meta.db_table)
        prepared = [
            [f.get_db_prep_value(v, connection, prepared=False)
             for f, v in zip(self.fields, row, strict=True)]
            for row in self.rows
        ]
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", prepared)


def reset_sequences(*models):
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def analyze():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class SecondaryIndexesDropped:
    """On PostgreSQL, drop the tables' non-unique indexes for a bulk load and rebuild them after.

    Building an index once over a loaded table is several times faster than maintaining it
    row by row; unique indexes stay, so the load cannot break a constraint.
    """

    def __init__(self, *models):
        self.tables = [m._meta.db_table for m in models]
        self.definitions = []

    def __enter__(self):
        if connection.vendor != "postgresql":
            return self
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                   FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
                   WHERE t.relname = ANY(%s) AND NOT i.indisunique AND NOT i.indisprimary""",
                [self.tables],
            )
            self.definitions = cursor.fetchall()
            for name, _definition in self.definitions:
                cursor.execute(f"DROP INDEX {name}")
        return self

    def __exit__(self, *exc):
        if not self.definitions:
            return False
        with connection.cursor() as cursor:
            # Foreign keys are checked at commit; check them now, or indexes cannot be built.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for _name, definition in self.definitions:
                cursor.execute(definition)
        return False
