"""A hash chain over an append-only log (the decision log, the change feed).

Each row holds `previous_hash`, the `row_hash` of the row before it (in id order; the first
row names GENESIS), and `row_hash` = SHA-256 over that previous hash and a canonical
serialisation of the row's own content. Changing, removing or inserting a row afterwards breaks
the chain from there on, even for someone who owns the database and can switch the triggers
off; `manage.py verify_log` finds the first broken link, and the open data publishes the newest
hash every day, so a rewritten log no longer matches what was published.

Appending takes a lock per log (on PostgreSQL a transaction-level advisory lock, held until the
commit), so two writers never chain from the same previous row and ids follow chain order.
SQLite runs one writer at a time anyway.
"""

import datetime
import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connections, models, router, transaction
from django.utils.translation import gettext_lazy as _

from .appendonly import AppendOnlyModel, AppendOnlyQuerySet

GENESIS = "0" * 64


def _moment(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(fields: Iterable[str], values: Mapping[str, Any]) -> bytes:
    """The row's content as JSON with sorted keys, moments in UTC with microseconds."""
    # No call per field: the generator serialises a million rows' ten fields here.
    content = {name: _moment(value) if isinstance(value := values[name], datetime.datetime)
               else value for name in fields}
    return _CANONICAL.encode(content).encode("utf-8")


# What json.dumps(sort_keys=True, ensure_ascii=False, separators=(",", ":")) writes, with the
# encoder made once instead of per row.
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def link_hash(previous: str, fields: Iterable[str], values: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the previous row's hash, a newline, and this row's content."""
    return linked(previous, canonical(fields, values))


def linked(previous: str, content: bytes) -> str:
    """link_hash() of a row whose canonical content was serialised beforehand (elsewhere)."""
    digest = hashlib.sha256(previous.encode("ascii") + b"\n")
    digest.update(content)
    return digest.hexdigest()


def lock_chain(model: type["HashChainedModel"], using: str) -> None:
    """Hold the log's lock until the transaction ends."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [model.chain_lock])


def last_hash(model: type["HashChainedModel"], using: str) -> str:
    newest = (model.objects.using(using).order_by("-pk")
              .values_list("row_hash", flat=True).first())
    return newest or GENESIS


def _values(instance: models.Model) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in instance.chained_fields}


def _chain(model, objs, using):
    """Fill in the hashes of new rows, in order, under the log's lock (caller is atomic)."""
    lock_chain(model, using)
    previous = last_hash(model, using)
    for obj in objs:
        obj.previous_hash = previous
        obj.row_hash = previous = link_hash(previous, model.chained_fields, _values(obj))


class HashChainedQuerySet(AppendOnlyQuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        with transaction.atomic(using=self.db):
            _chain(self.model, objs, self.db)
            return super().bulk_create(objs, *args, **kwargs)


class HashChainedModel(AppendOnlyModel):
    # Attribute names (foreign keys by their *_id) whose values the hash covers.
    chained_fields: tuple[str, ...] = ()
    # The advisory lock that serialises appends to this log (PostgreSQL).
    chain_lock: int = 0

    previous_hash = models.CharField(_("hash of the previous row"), max_length=64,
                                     editable=False, default="")
    row_hash = models.CharField(_("hash of this row"), max_length=64, editable=False,
                                default="")

    objects = HashChainedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            return super().save(*args, **kwargs)  # refused
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            _chain(type(self), [self], using)
            super().save(*args, **kwargs)
        return None


class BrokenLink:
    """The first row whose hashes do not follow from the rows before it."""

    def __init__(self, model, pk, column, expected, found):
        self.table, self.pk, self.column = model._meta.db_table, pk, column
        self.expected, self.found = expected, found

    def __str__(self):
        why = ("its content was changed" if self.column == "row_hash"
               else "a row before it was removed, inserted or changed")
        return (f"{self.table} id {self.pk}: {self.column} expected {self.expected}, "
                f"found {self.found or '(empty)'} ({why})")


def verify(model: type[HashChainedModel], using: str = "default") -> tuple[int, BrokenLink | None]:
    """Walk the chain in id order: (rows checked, the first broken link or None)."""
    previous, count = GENESIS, 0
    rows = (model.objects.using(using).order_by("pk")
            .values("pk", "previous_hash", "row_hash", *model.chained_fields)
            .iterator(chunk_size=2000))
    for values in rows:
        count += 1
        if values["previous_hash"] != previous:
            return count, BrokenLink(model, values["pk"], "previous_hash", previous,
                                     values["previous_hash"])
        expected = link_hash(previous, model.chained_fields, values)
        if values["row_hash"] != expected:
            return count, BrokenLink(model, values["pk"], "row_hash", expected,
                                     values["row_hash"])
        previous = expected
    return count, None


def newest_link(model: type[HashChainedModel], using: str = "default") -> dict[str, Any]:
    """What the open data publishes of a chain: its length, newest id and newest hash."""
    newest = model.objects.using(using).order_by("-pk").values("pk", "row_hash").first()
    return {"table": model._meta.db_table, "rows": model.objects.using(using).count(),
            "last_id": newest["pk"] if newest else None,
            "row_hash": newest["row_hash"] if newest else GENESIS}
