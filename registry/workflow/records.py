"""What every transition leaves behind: a decision log entry and, through it, notifications."""

from ..models import Decision
from ..notifications import queue_decision


def log(action, *, actor, manufacturer, application=None, product=None, from_state="",
        to_state="", comment="", data=None, notify=True):
    decision = Decision.objects.create(
        action=action, actor=actor if actor and actor.is_authenticated else None,
        manufacturer=manufacturer, application=application, product=product,
        from_state=from_state, to_state=to_state, comment=comment, data=data or {},
    )
    if notify:
        queue_decision(decision)
    return decision
