"""The change feed of public data and the public history of entries (registry.ChangeEvent).

Writers call `record()` inside the transaction that changes the data; webhook deliveries of
the event start once it has committed. On PostgreSQL it first
takes a transaction-level advisory lock, so events commit in the order of their ids and a
mirror reading `changes_after(cursor)` never skips one that commits late. SQLite runs one writer
at a time anyway.

Readers: `public_history(product)` (an entry's included / amended / suspended / reinstated /
excluded / corrected events with their dates and field-level changes), `changes_after(cursor)`
(the whole feed, for mirroring) and `manufacturer_history(manufacturer)`. `public_changes(event)`
is an event's field-level changes without what the public does not see (a maker's e-mail).
"""

import datetime

from django.db import connections, router, transaction

from .models import ChangeEvent
from .models.changes import ENTRY_KINDS, MANUFACTURER_KINDS
from .proposals import of_entry
from .webhooks import queue_deliveries

# Arbitrary constant naming the feed's lock ("UR" + 1) among the database's advisory locks.
FEED_LOCK = 0x5552_0001

ENTRY_STATUS_FIELDS = [
    "registry_number", "status", "registered_at", "valid_until", "suspended_at",
    "suspension_reason", "excluded_at", "exclusion_reason", "exclusion_legal_basis",
    "exclusion_note", "decision_number", "decision_date",
]
MANUFACTURER_FIELDS = [
    "slug", "name_ru", "name_en", "short_name_ru", "short_name_en", "country", "unp", "inn",
    "ogrn", "city_ru", "city_en", "address", "website", "email", "status", "admitted_at",
]
# Recorded for the audit, never published: the maker's contact e-mail.
PRIVATE_MANUFACTURER_FIELDS = {"email"}
CATEGORY_FIELDS = ["slug", "code", "name_ru", "name_en", "path", "position"]
PARAMETER_FIELDS = ["key", "name_ru", "name_en", "unit", "kind", "position"]


def _json(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def entry_state(product):
    """Everything public about an entry, as JSON: its data, status, term and documents."""
    state = of_entry(product)
    state.update({name: _json(getattr(product, name)) for name in ENTRY_STATUS_FIELDS})
    state["manufacturer"] = product.manufacturer.slug
    state["documents"] = [
        {"kind": d.kind, "title": d.title, "sha256": d.sha256}
        for d in product.documents.order_by("pk")
    ]
    return state


def manufacturer_state(manufacturer):
    return {name: _json(getattr(manufacturer, name)) for name in MANUFACTURER_FIELDS}


def category_state(category):
    """A category as its entries show it: names, place in the tree and declared parameters."""
    state = {name: getattr(category, name) for name in CATEGORY_FIELDS}
    state["parent"] = category.parent.slug if category.parent_id else None
    state["parameters"] = [
        {name: getattr(template, name) for name in PARAMETER_FIELDS}
        for template in category.parameters.order_by("position", "pk")
    ]
    return state


def diff(before, after):
    """{field: {"before": …, "after": …}} of the fields that differ. With `before` None (a new
    entry or maker) every filled field of `after`."""
    if before is None:
        return {name: {"before": None, "after": after[name]} for name in sorted(after)
                if after[name] not in (None, "", [], {})}
    return {
        name: {"before": before.get(name), "after": after.get(name)}
        for name in sorted(after.keys() | before.keys())
        if before.get(name) != after.get(name)
    }


def _serialise_writers(using):
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FEED_LOCK])


def record(kind, *, actor=None, product=None, manufacturer=None, category=None,
           application=None, comment="", changes=None):
    """Append one event; call it last in the transaction that made the change."""
    using = router.db_for_write(ChangeEvent)
    if not transaction.get_connection(using).in_atomic_block:
        raise RuntimeError("Change events are written inside the changing transaction.")
    _serialise_writers(using)
    event = ChangeEvent.objects.create(
        kind=kind, actor=actor, product=product,
        manufacturer=manufacturer or (product.manufacturer if product else None),
        category=category, registry_number=product.registry_number if product else "",
        application=application, comment=comment, changes=changes or {},
    )
    queue_deliveries(event)
    return event


def public_history(product):
    """The entry's events, oldest first: what the entry page and the API show as its history."""
    return ChangeEvent.objects.filter(product=product, kind__in=ENTRY_KINDS).order_by("id")


def manufacturer_history(manufacturer):
    return ChangeEvent.objects.filter(manufacturer=manufacturer, product__isnull=True) \
        .order_by("id")


def changes_after(cursor=0):
    """Every event after `cursor` (an event id), in commit order."""
    return ChangeEvent.objects.filter(id__gt=cursor).order_by("id")


def public_changes(event):
    """The event's field-level changes that the public may see."""
    if event.kind not in MANUFACTURER_KINDS:
        return event.changes
    return {name: change for name, change in event.changes.items()
            if name not in PRIVATE_MANUFACTURER_FIELDS}
