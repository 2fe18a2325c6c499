"""Sent by `recording.record` for each event, inside the changing transaction.

Receivers that act on the outside world (webhook deliveries) must wait for the commit
themselves (`transaction.on_commit`): a rolled-back change has no event to push.
"""

from django.dispatch import Signal

# Arguments: event (the ChangeEvent just written).
event_recorded = Signal()
