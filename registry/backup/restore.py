"""Restoring an archive into an empty database: all of it, or nothing.

The archive is verified whole first (archive.reading). Rows are then written as they were
(primary keys, timestamps and all, with Django's raw saves, which neither stamp times nor
write history), in one transaction; the files are written under their stored names. Any
failure rolls the rows back and removes the files already written."""

from django.core import serializers
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext as _

from . import contents
from .archive import ArchiveError, reading

BATCH = 1000


class RestoreError(Exception):
    """The database cannot take the archive; the message says why."""


def restore(path):
    """Read the archive at `path` into the database; returns the restored row counts."""
    written = []
    with reading(path) as reader:
        _require_empty()
        try:
            with transaction.atomic():
                counts = {model._meta.label: _restore_rows(reader, model, written)
                          for model in contents.models()}
                _check_counts(counts, reader.manifest["counts"])
                _reset_sequences()
        except DatabaseError as error:  # a constraint checked at the commit
            for name in written:
                default_storage.delete(name)
            raise RestoreError(_("The archive's rows cannot be written into this database "
                                 "(%(error)s). Nothing was restored.")
                               % {"error": str(error).strip() or type(error).__name__}) \
                from error
        except BaseException:
            for name in written:
                default_storage.delete(name)
            raise
    return counts


def _require_empty():
    filled = [model._meta.label for model in contents.models()
              if model._base_manager.exists()]
    if filled:
        raise RestoreError(_("The database is not empty (%(models)s hold rows); an archive "
                             "is restored only into a new, migrated database.")
                           % {"models": ", ".join(filled)})


def _restore_rows(reader, model, written):
    label, count, batch = model._meta.label, 0, []
    file_field = contents.FILE_FIELDS.get(label)
    for row in reader.rows(label):
        if row.get("model") != model._meta.label_lower:
            raise ArchiveError(_("%(label)s holds a row of another model.") % {"label": label})
        batch.append(row)
        if len(batch) == BATCH:
            count += _save(batch, file_field, reader, written)
            batch = []
    return count + _save(batch, file_field, reader, written)


def _save(rows, file_field, reader, written):
    for restored in serializers.deserialize("python", rows, handle_forward_references=False):
        # The archive holds the history itself: restoring relations (an account's groups)
        # must not write history rows of its own.
        restored.object.skip_history_when_saving = True
        try:
            restored.save()
        except DatabaseError as error:  # the transaction is rolled back by the caller
            raise RestoreError(_(
                "Row %(pk)s of %(label)s cannot be written: it clashes with a row already in "
                "the database or restored before it (%(error)s). Nothing was restored; "
                "restore into a new, migrated database.") % {
                "pk": restored.object.pk, "label": restored.object._meta.label,
                "error": str(error).strip().splitlines()[0] if str(error).strip() else
                type(error).__name__}) from error
        if file_field:
            _restore_file(getattr(restored.object, file_field).name, reader, written)
    return len(rows)


def _restore_file(name, reader, written):
    if not name or name in written:  # restored already for another row naming it
        return
    if default_storage.exists(name):
        raise RestoreError(_("The file %(name)s exists already; restore into an empty "
                             "MEDIA_ROOT.") % {"name": name})
    saved = default_storage.save(name, reader.file(name))
    written.append(saved)
    if saved != name:
        raise RestoreError(_("The file %(name)s could not be written under its own name.")
                           % {"name": name})


def _check_counts(counts, expected):
    if counts != expected:
        raise ArchiveError(_("The rows restored differ from the archive's manifest."))


def _reset_sequences():
    """Rows came with their ids: the next id the database gives must follow the largest."""
    statements = connection.ops.sequence_reset_sql(no_style(), contents.models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
