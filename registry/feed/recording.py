"""Writing the change feed: `record()` appends one event inside the changing transaction.

On PostgreSQL it first takes a transaction-level advisory lock, so events commit in the
order of their ids and a mirror reading after a cursor never skips one that commits late; the
same lock chains each event to the previous one by hash (registry.models.chain).
SQLite runs one writer at a time anyway. The `event_recorded` signal is sent inside the
transaction: registry.api.stored renders the changed entries' stored documents there.
"""

from typing import Any

from django.db import connections, router, transaction

from ..models.changes import ChangeEvent
from .signals import event_recorded

FEED_LOCK = ChangeEvent.chain_lock


def serialise_writers(using: str) -> None:
    """Hold the feed's lock until the transaction ends (bulk writers take it once too)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FEED_LOCK])


def record(kind: str, *, actor: Any = None, product: Any = None, manufacturer: Any = None,
           category: Any = None, application: Any = None, comment: str = "",
           changes: dict | None = None, occurred_at: Any = None) -> ChangeEvent:
    """Append one event; call it last in the transaction that made the change.
    `occurred_at` dates a change carried over from another record (a paper register, the
    demo's published dates) on the day it was made; the feed's order stays the order of
    writing."""
    using = router.db_for_write(ChangeEvent)
    if not transaction.get_connection(using).in_atomic_block:
        raise RuntimeError("Change events are written inside the changing transaction.")
    serialise_writers(using)
    event = ChangeEvent.objects.create(
        kind=kind, actor=actor, product=product,
        manufacturer=manufacturer or (product.manufacturer if product else None),
        category=category, registry_number=product.registry_number if product else "",
        application=application, comment=comment, changes=changes or {},
        **({"occurred_at": occurred_at} if occurred_at is not None else {}),
    )
    event_recorded.send(sender=ChangeEvent, event=event)
    return event
