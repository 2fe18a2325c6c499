"""Records that are written once and never changed: the decision log, the change feed and the
issued extracts.

Refusal happens in the model, in the queryset and, on PostgreSQL, in triggers created by
migrations (registry 0001 and 0003, extracts 0002: UPDATE and DELETE; registry 0004: TRUNCATE),
so neither the admin, a shell nor a bulk update can rewrite the past. The application's
database role has no UPDATE, DELETE or TRUNCATE privilege on these tables and owns none
(`manage.py grant_app_role`), so it cannot switch the triggers off either.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an append-only record."""


def _refuse(model):
    raise AppendOnlyError(_("%(model)s records are append-only: they cannot be changed or "
                            "deleted.") % {"model": model._meta.verbose_name_plural})


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        _refuse(self.model)

    def delete(self):
        _refuse(self.model)

    # Bulk helpers that bypass save() are closed too.
    def bulk_update(self, objs, fields, batch_size=None):
        _refuse(self.model)

    def update_or_create(self, defaults=None, create_defaults=None, **kwargs):
        _refuse(self.model)


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            _refuse(type(self))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse(type(self))

