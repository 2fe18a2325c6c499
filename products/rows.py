"""Bringing stored rows in line with wanted values, touching only what differs.

An entry's child rows (aliases, parameters, analogs, production stages) are rewritten from a
validated proposal and from the demo register alike. Saving only rows whose values differ
keeps their history honest (a version is a change) and makes a second load write nothing.
New and changed rows are written in bulk, a few statements whatever their number, with their
history records (django-simple-history's bulk helpers, attributed like a save would be).
"""

from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history, bulk_update_with_history


def save_if_changed(instance, values, clean=False):
    """Set `values` on `instance` and save it if it is new or something differs (validated
    first when `clean`). True when saved."""
    changed = _set(instance, values)
    if changed:
        if clean:
            instance.full_clean()
        instance.save()
    return changed


def _set(instance, values):
    changed = instance.pk is None
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def history_reason():
    """The reason a save would record now (registry.audit's actor carries one), for bulk
    history records, which no signal fills."""
    request = getattr(HistoricalRecords.context, "request", None)
    return (getattr(request, "reason", "") or "")[:100] or None


def create_in_bulk(model, rows):
    """Insert `rows` (unsaved, validated) in one statement per kind, with their history."""
    if not rows:
        return []
    for row in rows:
        getattr(row, "fill_derived", lambda: None)()
    return bulk_create_with_history(rows, model, default_change_reason=history_reason())


def sync_rows(existing, key_field, wanted, make, clean=False):
    """Make the rows of `existing` match `wanted` ({key: values}): delete rows whose key is not
    wanted, create missing ones with `make(key)`, update those that differ. True when any row
    was written."""
    model = existing.model
    current = {getattr(row, key_field): row for row in existing}
    gone = [row.pk for key, row in current.items() if key not in wanted]
    if gone:
        # One statement; the delete signals still give each row its history record.
        model._base_manager.filter(pk__in=gone).delete()
    new, changed = [], []
    for key, values in wanted.items():
        row = current.get(key)
        if row is None:
            row = make(key)
            _set(row, values)
            new.append(row)
        elif _set(row, values):
            changed.append(row)
    for row in (*new, *changed):
        if clean:
            row.full_clean()
        getattr(row, "fill_derived", lambda: None)()
    create_in_bulk(model, new)
    if changed:
        fields = [field.name for field in model._meta.concrete_fields if not field.primary_key]
        bulk_update_with_history(changed, model, fields,
                                 default_change_reason=history_reason())
    return bool(gone or new or changed)
