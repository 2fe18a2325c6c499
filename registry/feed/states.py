"""What the public sees of an entry, a manufacturer and a category, as JSON, and the diff of
two such states: the `changes` an event carries."""

import datetime
from typing import Any

from ..proposals import of_entry

ENTRY_STATUS_FIELDS = [
    "registry_number", "status", "registered_at", "valid_until", "suspended_at",
    "suspension_reason", "suspension_reason_code", "suspension_legal_basis", "excluded_at",
    "exclusion_reason", "exclusion_legal_basis", "exclusion_note", "decision_number",
    "decision_date",
]
MANUFACTURER_FIELDS = [
    "slug", "name_ru", "name_en", "short_name_ru", "short_name_en", "country", "unp", "inn",
    "ogrn", "city_ru", "city_en", "address", "website", "email", "status", "admitted_at",
]
# Recorded for the audit, never published: the maker's contact e-mail.
PRIVATE_MANUFACTURER_FIELDS = {"email"}
CATEGORY_FIELDS = ["slug", "code", "name_ru", "name_en", "path", "position"]
PARAMETER_FIELDS = ["key", "name_ru", "name_en", "unit", "kind", "position"]

State = dict[str, Any]
Diff = dict[str, dict[str, Any]]


def _json(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def entry_state(product: Any) -> State:
    """Everything public about an entry, as JSON: its data, status, term and documents."""
    state = of_entry(product)
    state.update({name: _json(getattr(product, name)) for name in ENTRY_STATUS_FIELDS})
    state["manufacturer"] = product.manufacturer.slug
    state["documents"] = [
        {"kind": d.kind, "title": d.title, "sha256": d.sha256}
        for d in product.documents.order_by("pk")
    ]
    return state


def manufacturer_state(manufacturer: Any) -> State:
    return {name: _json(getattr(manufacturer, name)) for name in MANUFACTURER_FIELDS}


def category_state(category: Any) -> State:
    """A category as its entries show it: names, place in the tree and declared parameters."""
    state = {name: getattr(category, name) for name in CATEGORY_FIELDS}
    state["parent"] = category.parent.slug if category.parent_id else None
    state["parameters"] = [
        {name: getattr(template, name) for name in PARAMETER_FIELDS}
        for template in category.parameters.order_by("position", "pk")
    ]
    return state


def diff(before: State | None, after: State) -> Diff:
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
