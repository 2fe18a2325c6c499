"""The digests: for each confirmed subscription that is due (a day or a week since the last
one), what the change feed recorded for the entries its search finds since the last digest,
in one e-mail in the subscriber's language. No news, no e-mail."""

import datetime

from django.core.mail import EmailMessage, get_connection
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .. import public_url
from ..feed.reading import readable_changes
from ..feed.searches import describe, events_of, public_filterset
from ..models import Frequency, Subscription

PERIODS = {Frequency.DAILY: datetime.timedelta(days=1),
           Frequency.WEEKLY: datetime.timedelta(days=7)}
# A round runs once a day at about the same time; a little slack keeps it from slipping.
SLACK = datetime.timedelta(hours=2)
MOST_EVENTS = 100  # in one digest; the rest follow in the next


def send_due(now=None, base=None):
    """Send every digest that is due; returns how many e-mails went out."""
    now = now or timezone.now()
    sent = 0
    messages = []
    for subscription in Subscription.objects.active().order_by("pk"):
        if not _due(subscription, now):
            continue
        message = _digest(subscription, now, base or public_url.current_base())
        if message is not None:
            messages.append(message)
    if messages:
        sent = get_connection().send_messages(messages) or len(messages)
    return sent


def _due(subscription, now):
    last = subscription.last_sent_at or subscription.confirmed_at
    return last is None or now - last >= PERIODS[subscription.frequency] - SLACK


def _digest(subscription, now, base):
    query = QueryDict(subscription.query)
    filterset = public_filterset(query)
    if not filterset.is_valid():  # e.g. a category since removed: nothing to report
        return None
    events = list(events_of(filterset, subscription.last_event_id)
                  .order_by("id")[:MOST_EVENTS])
    if not events:
        return None
    with translation.override(subscription.language):
        for event in events:
            event.readable = readable_changes(event)
            event.link = public_url.for_email(event.product.get_absolute_url(), base)
        stop = public_url.for_email(reverse("subscription-stop", args=[subscription.token]),
                                    base)
        context = {"subscription": subscription, "events": events, "stop": stop,
                   "search": describe(filterset, query),
                   "search_link": public_url.for_email(
                       reverse("search") + (f"?{subscription.query}" if subscription.query
                                            else ""), base)}
        subject = " ".join(render_to_string("subscriptions/digest_subject.txt",
                                            context).split())
        body = render_to_string("subscriptions/digest.txt", context)
    Subscription.objects.filter(pk=subscription.pk).update(
        last_event_id=events[-1].pk, last_sent_at=now)
    return EmailMessage(subject, body, to=[subscription.email], headers={
        # One-click unsubscribe (RFC 8058): the mail client POSTs to this address.
        "List-Unsubscribe": f"<{stop}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    })
