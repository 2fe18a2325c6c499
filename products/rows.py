"""Bringing stored rows in line with wanted values, touching only what differs.

An entry's child rows (aliases, parameters, analogs, production stages) are rewritten from a
validated proposal and from the demo register alike. Saving only rows whose values differ
keeps their history honest (a version is a change) and makes a second load write nothing.
"""


def save_if_changed(instance, values, clean=False):
    """Set `values` on `instance` and save it if it is new or something differs (validated
    first when `clean`). True when saved."""
    changed = instance.pk is None
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    if changed:
        if clean:
            instance.full_clean()
        instance.save()
    return changed


def sync_rows(existing, key_field, wanted, make, clean=False):
    """Make the rows of `existing` match `wanted` ({key: values}): delete rows whose key is not
    wanted, create missing ones with `make(key)`, update those that differ. True when any row
    was written."""
    changed = False
    current = {getattr(row, key_field): row for row in existing}
    for key, row in current.items():
        if key not in wanted:
            row.delete()
            changed = True
    for key, values in wanted.items():
        changed |= save_if_changed(current.get(key) or make(key), values, clean=clean)
    return changed
