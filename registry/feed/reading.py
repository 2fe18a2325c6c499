"""Reading the change feed: an entry's or a manufacturer's public history, and pages of
events after a cursor, for mirroring (the API's /changes/, webhooks, open data)."""

import datetime
from dataclasses import dataclass
from typing import Any

import orjson
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Max, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from manufacturers.models import Manufacturer
from products.models import Product, ProductStatus

from ..models.changes import ENTRY_KINDS, MANUFACTURER_KINDS, ChangeEvent, ChangeKind
from .states import PRIVATE_MANUFACTURER_FIELDS


def public_history(product) -> QuerySet[ChangeEvent]:
    """The entry's events, oldest first: what the entry page and the API show as its history."""
    return ChangeEvent.objects.filter(product=product, kind__in=ENTRY_KINDS).order_by("id")


def manufacturer_history(manufacturer) -> QuerySet[ChangeEvent]:
    return ChangeEvent.objects.filter(manufacturer=manufacturer, product__isnull=True) \
        .order_by("id")


def changes_after(cursor: int = 0) -> QuerySet[ChangeEvent]:
    """Every event after `cursor` (an event id), in commit order."""
    return ChangeEvent.objects.filter(id__gt=cursor).order_by("id")


def public_changes(event: ChangeEvent) -> dict:
    """The event's field-level changes that the public may see."""
    if event.kind not in MANUFACTURER_KINDS:
        return event.changes
    return {name: change for name, change in event.changes.items()
            if name not in PRIVATE_MANUFACTURER_FIELDS}


def latest_id() -> int:
    return ChangeEvent.objects.aggregate(latest=Max("id"))["latest"] or 0


def public_events() -> QuerySet[ChangeEvent]:
    """Events of what the public sees: admitted manufacturers, their entries, categories."""
    return ChangeEvent.objects.filter(
        Q(category__isnull=False) | Q(manufacturer__status=Manufacturer.Status.ADMITTED))


@dataclass
class Page:
    events: list  # EventRows, or their representations once a door has made them
    cursor: int  # resume after this event id
    latest: int  # the newest event when the page was read
    more: bool  # more events follow right now


class EventRow:
    """What the doors show of an event, read as a plain row: a page holds 500 events, and
    model instances cost more than the rest of the page together. The manufacturer's and the
    category's slug are read with it, not their whole rows; the chain's hashes (verify_log's)
    and the actor not at all."""

    FIELDS = ("id", "kind", "occurred_at", "product_id", "manufacturer_id", "category_id",
              "registry_number", "application_id", "comment", "changes")
    __slots__ = (*FIELDS, "manufacturer_slug_now", "category_slug_now")
    id: int
    kind: str
    occurred_at: datetime.datetime
    product_id: int | None
    manufacturer_id: int | None
    category_id: int | None
    registry_number: str
    application_id: int | None
    comment: str
    changes: dict
    manufacturer_slug_now: str | None
    category_slug_now: str | None

    def __init__(self, values):
        # One unpacking, not a setattr per column: a page makes 500 of these.
        (self.id, self.kind, moment, self.product_id, self.manufacturer_id,
         self.category_id, self.registry_number, self.application_id, self.comment, text,
         self.manufacturer_slug_now, self.category_slug_now) = values
        # Both read as text and parsed here: Django's JSONField parses with json, and the
        # driver's time loader took 4 µs a row, together half the time of reading a page.
        self.changes = orjson.loads(text) if text else {}
        self.occurred_at = _moment(moment)


def _moment(text):
    """A moment read as text: PostgreSQL's ISO form with its offset (the DateStyle psycopg
    itself reads times in), or SQLite's, in UTC without one."""
    moment = datetime.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def read_page(after: int, size: int, kinds=(), latest: int | None = None) -> Page:
    """Public events after the cursor `after`. `latest` (read here unless given) must be read
    before the events: every event up to it has committed, so a page that is not full moves
    the cursor up to it (past events of other kinds, or none)."""
    latest = latest_id() if latest is None else latest
    queryset = public_events().filter(id__gt=after)
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    # In the order of EventRow.FIELDS, the moment and the changes as text.
    columns = [{"occurred_at": "occurred_text"}.get(name, name) for name in EventRow.FIELDS
               if name != "changes"]
    rows = [EventRow(values) for values in queryset.order_by("id").annotate(
        occurred_text=Cast("occurred_at", TextField()),
        changes_text=Cast("changes", TextField())).values_list(
        *columns, "changes_text", "manufacturer__slug", "category__slug")[:size + 1]]
    more = len(rows) > size
    rows = rows[:size]
    cursor = rows[-1].id if more else max([after, latest, *(row.id for row in rows)])
    return Page(rows, cursor, latest, more)


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


# Keys of an entry's state that are not fields of the entry itself.
_STATE_LABELS = {
    "parameters": _("parameters"), "aliases": _("other spellings"),
    "analogs": _("foreign analogs"), "production": _("production chain"),
    "documents": _("documents"),
}
_SHORT = 80


def readable_changes(event: ChangeEvent, limit: int = 8) -> list[FieldChange]:
    """An entry event's public field changes as a reader takes them: the field's name in the
    reader's language, the values before and after, shortened. An inclusion lists none (the
    whole entry is new)."""
    if event.kind == ChangeKind.INCLUDED:
        return []
    result = []
    for name, change in public_changes(event).items():
        if not isinstance(change, dict) or "after" not in change:
            continue
        result.append(FieldChange(_label(name), _shown(name, change.get("before")),
                                  _shown(name, change.get("after"))))
    return result[:limit]


def _label(name: str) -> str:
    if name in _STATE_LABELS:
        return str(_STATE_LABELS[name])
    try:
        return str(getattr(Product._meta.get_field(name), "verbose_name", name))
    except FieldDoesNotExist:
        return name


def _shown(name: str, value: Any) -> str:
    if value in (None, "", [], {}):
        return "—"
    if name == "status" and value in ProductStatus.values:
        return str(ProductStatus(value).label)
    if isinstance(value, dict):
        text = "; ".join(f"{key}: {item}" for key, item in value.items())
    elif isinstance(value, list):
        text = "; ".join(_item(item) for item in value)
    else:
        text = str(value)
    return text if len(text) <= _SHORT else text[:_SHORT - 1] + "…"


def _item(item: Any) -> str:
    if isinstance(item, dict):
        return str(item.get("part_number") or item.get("title") or item.get("stage")
                   or ", ".join(str(v) for v in item.values() if v))
    return str(item)
