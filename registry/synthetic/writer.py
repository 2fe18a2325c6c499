"""Writing many rows fast: COPY on PostgreSQL, executemany on SQLite.

Rows are dicts of attribute names; columns a model has but a row leaves out take the
field's default, so new fields with defaults need no change here. A writer turns rows into
what it writes (packed(): COPY text on PostgreSQL) in whichever process made them; the rows
of a hash-chained log (the change feed) are serialised there too (unlinked()) and linked in
order where they are written (add_linked()), from the newest row in the table on.
"""

from contextlib import contextmanager

import orjson
from django.core.management.color import no_style
from django.db import connection, models
from psycopg import adapt
from psycopg._copy_base import TextFormatter  # psycopg's own; pinned in constraints.txt
from psycopg.types.json import Jsonb

from registry.models.chain import canonical, last_hash, linked


def _json_bytes(value):
    """JSON for a jsonb column, by orjson: PostgreSQL parses it, so only the value counts,
    not how it is spelled (the hash chain's canonical text stays json's)."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)


class TableWriter:
    def __init__(self, model, with_id=False):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields
                       if with_id or not f.primary_key]
        # (attribute, default) in column order: a row is one list comprehension over it.
        self.columns = [(f.attname, f.get_default()) for f in self.fields]
        self.names = [f.attname for f in self.fields]
        self.json_columns = [i for i, f in enumerate(self.fields)
                             if isinstance(f, models.JSONField)]
        # On PostgreSQL rows can be turned into COPY text anywhere, so in the process that
        # made them: this one then only passes the bytes on.
        self.copy = connection.vendor == "postgresql"
        self.rows = []
        self.blocks = []  # COPY text
        self.chained = getattr(model, "chained_fields", ())
        if self.chained:
            self.previous_at = self.names.index("previous_hash")
            self.hash_at = self.names.index("row_hash")
            assert self.hash_at == self.previous_at + 1  # one gap in a row's COPY text
        self.previous = None
        self.formatter = TextFormatter(adapt.Transformer())

    def start_chain(self):
        """Chain from the newest row: call it holding the log's lock, before adding rows."""
        self.previous = last_hash(self.model, connection.alias)

    def row(self, values):
        """The row in column order, defaults filled in."""
        return [values.get(name, default) for name, default in self.columns]

    def packed(self, rows):
        """Rows made elsewhere as extend() takes them: COPY text on PostgreSQL."""
        return self.copy_text(rows) if self.copy else rows

    def extend(self, packed):
        if self.copy:
            self.blocks.append(packed)
        else:
            self.rows.extend(packed)

    def unlinked(self, values):
        """(content, *row) of a chained log's row, for add_linked() to link in order: the
        canonical content the hash covers, and the row (as COPY text around the two hashes
        on PostgreSQL), both made in any process."""
        row = self.row(values)
        content = canonical(self.chained, dict(zip(self.names, row, strict=True)))
        if not self.copy:
            return content, row
        row[self.previous_at] = row[self.hash_at] = ""
        fields = self.copy_text([row]).split(b"\t", self.hash_at + 1)  # tabs in text are escaped
        head = b"".join(field + b"\t" for field in fields[:self.previous_at])
        return content, head, b"\t" + fields[-1]

    def add_linked(self, content, *row):
        """Append a row from unlinked(), linked to the row added before it."""
        if self.previous is None:
            raise RuntimeError("start_chain() comes before the rows of a chained log.")
        link = linked(self.previous, content)
        if self.copy:
            head, tail = row
            self.blocks.append(b"".join(
                (head, self.previous.encode(), b"\t", link.encode(), tail)))
        else:
            row = row[0]
            row[self.previous_at], row[self.hash_at] = self.previous, link
            self.rows.append(row)
        self.previous = link

    def copy_text(self, rows):
        """The rows in COPY's text format, made without a connection (psycopg's formatter,
        with the global adapters)."""
        text = bytearray()
        for row in rows:
            for index in self.json_columns:
                row[index] = Jsonb(row[index], dumps=_json_bytes)
            text += self.formatter.write_row(row)
        text += self.formatter.end()
        return bytes(text)

    def flush(self):
        self.write(self.take())

    def take(self):
        """The buffered rows and COPY text, leaving the buffer empty (to hand them to another
        thread)."""
        taken = self.rows, self.blocks
        self.rows, self.blocks = [], []
        return taken

    def write(self, taken):
        rows, blocks = taken  # rows on SQLite, COPY text on PostgreSQL
        if blocks:
            self._copy(b"".join(blocks))
        if rows:
            self._insert(rows)

    def _copy(self, text):
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor, cursor.cursor.copy(
                f"COPY {table} ({columns}) FROM STDIN") as copy:
            copy.write(text)

    def _insert(self, rows):
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        table = connection.ops.quote_name(self.model._meta.db_table)
        prepared = [
            [f.get_db_prep_value(v, connection, prepared=False)
             for f, v in zip(self.fields, row, strict=True)]
            for row in rows
        ]
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", prepared)


def reset_sequences(*models):
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def analyze(*models):
    """Statistics for the planner and, outside a transaction, the tables' visibility maps:
    without them an index-only scan still reads every row it finds (a search's 10,000
    candidates: 38,000 page reads), as it would not on a register autovacuum has visited."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
    with connection.cursor() as cursor:
        if connection.in_atomic_block:  # VACUUM cannot run in a transaction
            cursor.execute(f"ANALYZE {tables}")
        else:
            cursor.execute(f"VACUUM (ANALYZE) {tables}")


@contextmanager
def triggers_off(model, *names):
    """PostgreSQL: the table's named triggers disabled until the block ends (the table's
    owner only; a rollback enables them again too)."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {connection.ops.quote_name(name)}")


class BulkLoadMode:
    """On PostgreSQL, load the tables without their secondary indexes and foreign keys.

    Building an index once over a loaded table is several times faster than maintaining it
    row by row, and one validating join per foreign key is faster than a check per row
    (the PostgreSQL manual's advice for bulk loads). Unique indexes stay, so the load cannot
    break a uniqueness constraint; the foreign keys are validated before the commit.
    """

    def __init__(self, *models):
        self.tables = [m._meta.db_table for m in models]
        self.indexes = []
        self.foreign_keys = []

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
            self.indexes = cursor.fetchall()
            cursor.execute(
                """SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
                   FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
                   WHERE c.contype = 'f' AND t.relname = ANY(%s)""",
                [self.tables],
            )
            self.foreign_keys = cursor.fetchall()
            for table, name, _definition in self.foreign_keys:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for name, _definition in self.indexes:
                cursor.execute(f"DROP INDEX {name}")
        return self

    def __exit__(self, exc_type, *exc):
        if exc_type is not None or connection.vendor != "postgresql":
            return False  # the transaction rolls back and takes the drops with it
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for _name, definition in self.indexes:
                cursor.execute(definition)
            for table, name, definition in self.foreign_keys:
                constraint = f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
                cursor.execute(f"{constraint} NOT VALID")
                cursor.execute(f'ALTER TABLE {table} VALIDATE CONSTRAINT "{name}"')
        return False
