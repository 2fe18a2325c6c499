"""Who changed what, and why: the actor and reason behind every historical record.

Requests set the actor through simple-history's middleware; management commands,
imports and tasks use `acting_as`, so their changes are attributed too.
django-simple-history keeps the records.
"""

from contextlib import contextmanager
from dataclasses import dataclass

from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record


@dataclass
class _Actor:
    """Stands in for a request in simple-history's context outside of requests."""

    user: object
    reason: str = ""


@contextmanager
def acting_as(user, reason=""):
    previous = getattr(HistoricalRecords.context, "request", None)
    HistoricalRecords.context.request = _Actor(user=user, reason=reason)
    try:
        yield
    finally:
        if previous is None:
            del HistoricalRecords.context.request
        else:
            HistoricalRecords.context.request = previous


def current_reason():
    return getattr(getattr(HistoricalRecords.context, "request", None), "reason", "")


def _fill_reason(sender, history_instance, **kwargs):
    if not history_instance.history_change_reason:
        history_instance.history_change_reason = current_reason()[:100] or None


def connect():
    pre_create_historical_record.connect(_fill_reason, dispatch_uid="registry.audit.reason")
