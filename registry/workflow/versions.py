"""Optimistic checks for edit forms. A form carries the version of the row it was opened on
(when the row last changed); the workflow compares it, under the row's lock, with the row as
it is now and refuses to save over a change made in between, instead of silently
overwriting it. Callers that pass no version (None) are not checked."""

from typing import Any

from django import forms
from django.utils.translation import gettext as _

from .errors import TransitionError


class StaleEdit(TransitionError):
    """The row changed after the form was opened (HTTP 409 in the API)."""

    code = "stale"


def version_of(obj: Any) -> str:
    return obj.updated_at.isoformat() if getattr(obj, "updated_at", None) else ""


def require_version(obj: Any, expected: str | None) -> None:
    if expected is None or expected == version_of(obj):
        return
    raise StaleEdit(_(
        "%(object)s was changed by someone else after you opened this form; your changes "
        "were not saved. Open it again to see the changes, then make yours.")
        % {"object": obj})


class VersionField(forms.CharField):
    """The hidden field of an edit form that carries the version it was opened on."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, max_length=40, **kwargs)

    def clean(self, value: Any) -> str | None:
        return super().clean(value) or None
