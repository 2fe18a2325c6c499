"""Small pieces every transition uses: locking, state checks, required text."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from .errors import TransitionError

M = TypeVar("M", bound=Model)


def lock(model: type[M], pk: Any, *related: str) -> M:
    """The row, locked until the transaction ends (PostgreSQL; SQLite has one writer)."""
    queryset = model._default_manager.select_for_update(of=("self",))
    if related:
        queryset = queryset.select_related(*related)
    return queryset.get(pk=pk)


def require_state(obj: Any, allowed: Iterable[str], message: str) -> None:
    if obj.state not in allowed:
        raise TransitionError(message % {"state": obj.get_state_display(),
                                         "number": getattr(obj, "reference", "")})


def required_text(value: str | None, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def check_text(value: str | None, field: str, max_length: int) -> str:
    """Free text from any door: stripped, and no longer than its column."""
    value = (value or "").strip()
    if len(value) > max_length:
        raise ValidationError({field: _("Keep it under %(n)d characters.") % {"n": max_length}})
    return value
