"""Writing the archive from one consistent view of the database."""

import datetime
import decimal
import json
import tempfile
import uuid
from pathlib import Path

from django.core import serializers
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from . import contents
from .archive import data_member, writing

BATCH = 2000


def dump(path, *, with_password_hashes=False):
    """Write the whole register to `path`; returns the manifest's row counts."""
    counts = {}
    with writing(path) as writer, tempfile.TemporaryDirectory() as scratch, \
            transaction.atomic():
        _one_snapshot()
        archived = set()  # a file named by several rows goes in once
        for model in contents.models():
            label = model._meta.label
            rows = Path(scratch) / f"{label}.jsonl"
            counts[label] = _write_rows(model, rows, with_password_hashes)
            writer.add_file(data_member(label), rows)
            for name in _stored_files(model):
                if name not in archived:
                    archived.add(name)
                    with default_storage.open(name, "rb") as handle:  # any storage
                        writer.add_stream(f"files/{name}", handle)
        writer.finish({"created_at": timezone.now().isoformat(), "database": connection.vendor,
                       "with_password_hashes": with_password_hashes, "counts": counts,
                       "not_archived": contents.NOT_ARCHIVED})
    return counts


def _one_snapshot():
    """On PostgreSQL every table is read as of one moment, while writers go on."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")


def _write_rows(model, path, with_password_hashes):
    queryset = model._base_manager.order_by("pk")
    count = 0
    with open(path, "w", encoding="utf-8") as handle:
        objects = serializers.serialize(
            "python", queryset.iterator(chunk_size=BATCH), fields=contents.fields(model),
            use_natural_foreign_keys=True)
        for row in objects:
            if "password" in row["fields"] and not with_password_hashes:
                row["fields"]["password"] = contents.UNUSABLE_PASSWORD
            handle.write(json.dumps(row, default=_exact, ensure_ascii=False,
                                    sort_keys=True) + "\n")
            count += 1
    return count


def _exact(value):
    """JSON for what Django's serialisation leaves as objects, with nothing rounded
    (DjangoJSONEncoder would cut times to milliseconds)."""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not serialisable")


def _stored_files(model):
    field = contents.FILE_FIELDS.get(model._meta.label)
    if field is None:
        return []
    return list(model._base_manager.exclude(**{field: ""}).order_by("pk")
                .values_list(field, flat=True))
