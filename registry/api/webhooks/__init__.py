"""Webhooks: the change feed pushed to subscribers (registry.WebhookSubscription), signed,
in feed order, retried with growing pauses. See docs/webhooks.md for receivers.

`queue_deliveries` receives registry.feed's `event_recorded` signal for each event (connected
in registry.apps); the deliveries start once the event's transaction has committed.
"""

from django.db import transaction


def queue_deliveries(sender, event, **kwargs):
    transaction.on_commit(lambda: _fan_out(event.id))


def _fan_out(event_id):
    from ...models import WebhookSubscription
    from .delivery import fan_out

    if WebhookSubscription.objects.filter(active=True).exists():
        fan_out.enqueue(event_id)
