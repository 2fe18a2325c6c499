"""Changes to the catalogue's categories: a registrar adds or edits a category or the
parameters it declares in the admin. Every entry of the category's subtree shows its category
and parameters, so each change goes to the change feed, where mirrors learn to fetch those
entries again."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from products.models import Category

from ..audit import acting_as
from ..feed.recording import record
from ..feed.states import category_state, diff
from ..models import ChangeKind, User
from . import rights
from .common import check_text, lock


def correct_category(category: Category, actor: User, *, edit: Callable[[], object],
                     reason: str = "") -> Category:
    """`edit()` writes the category (a new one, or changes to it and its parameters)."""
    reason = check_text(reason, "reason", 5000)
    rights.require_registrar(actor)
    with transaction.atomic():
        before = category_state(lock(Category, category.pk)) if category.pk else None
        with acting_as(actor, reason or ChangeKind.CATEGORY_CHANGED.value):
            edit()
        current = Category.objects.select_related("parent").get(pk=category.pk)
        changes = diff(before, category_state(current))
        if not changes:
            return current
        record(ChangeKind.CATEGORY_CHANGED, actor=actor, category=current, comment=reason,
               changes=changes)
    return current
