"""Delivery of the change feed to subscriptions, as django-tasks.

`fan_out(event_id)` runs once an event has committed and starts `deliver` for each active
subscription behind it. `deliver(subscription_id)` claims the subscription (one run at a
time), sends the events after its cursor in feed order — one signed POST each, the event
exactly as GET /api/v1/changes/ shows it — and moves the cursor past each one the receiver
acknowledges (2xx) or the subscription does not ask for. A failure is logged and retried
after RETRY_DELAY × 2^(attempt−1) seconds (a deferred task where the backend defers, else the
next run or `manage.py deliver_webhooks`); after the last attempt the subscription stops with
its cursor unchanged.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django_tasks import default_task_backend, task

from ...feed.reading import latest_id, public_events
from ...models import ChangeEvent, DeliveryOutcome, WebhookDelivery, WebhookSubscription
from .. import feed
from ..serializers.changes import ChangeEventSerializer
from . import addresses, sending, signing

BATCH = 50  # events per claim
MAX_BATCHES = 20  # per run; a longer backlog continues in a new task
CLAIM = datetime.timedelta(minutes=10)
MAX_DELAY = datetime.timedelta(hours=6)
USER_AGENT = "UnifiedRegister-Webhooks/1"


@task()
def fan_out(event_id):
    kind = ChangeEvent.objects.values_list("kind", flat=True).get(pk=event_id)
    started = 0
    for subscription in WebhookSubscription.objects.filter(
            active=True, cursor__lt=event_id).only("pk", "kinds"):
        if subscription.wants(kind):
            deliver.enqueue(subscription.pk)
            started += 1
    return started


@task()
def deliver(subscription_id):
    """Send what the subscription has not had yet; returns the number of events sent."""
    sent = 0
    for _batch in range(MAX_BATCHES):
        subscription = claim(subscription_id)
        if subscription is None:
            return sent  # another run has it, it waits for a retry, or it is stopped
        try:
            sent += run_batch(subscription)
        finally:
            WebhookSubscription.objects.filter(pk=subscription_id).update(claimed_until=None)
        # Checked after releasing: an event committed during the run, whose own task found
        # the subscription claimed, is picked up here.
        if not pending(subscription_id):
            return sent
    deliver.enqueue(subscription_id)
    return sent


def claim(subscription_id):
    now = timezone.now()
    claimed = WebhookSubscription.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        Q(retry_at__isnull=True) | Q(retry_at__lte=now),
        pk=subscription_id, active=True,
    ).update(claimed_until=now + CLAIM)
    return WebhookSubscription.objects.select_related("owner").get(pk=subscription_id) \
        if claimed else None


def pending(subscription_id):
    subscription = WebhookSubscription.objects.filter(pk=subscription_id, active=True).first()
    if subscription is None or (subscription.retry_at and subscription.retry_at > timezone.now()):
        return False
    return public_events().filter(id__gt=subscription.cursor).exists()


def run_batch(subscription):
    sent = 0
    for event in public_events().filter(id__gt=subscription.cursor).order_by("id") \
            .select_related("manufacturer", "category")[:BATCH]:
        if subscription.wants(event.kind):
            if not attempt(subscription, event):
                return sent
            sent += 1
        subscription.cursor, subscription.attempts = event.id, 0
        WebhookSubscription.objects.filter(pk=subscription.pk).update(
            cursor=event.id, attempts=0, retry_at=None)
    return sent


def attempt(subscription, event):
    """One signed POST of `event`; logs it, and on failure schedules the retry or stops."""
    number = subscription.attempts + 1
    body, omitted = payload(event, subscription.owner.language)
    headers = {
        "Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT,
        "X-Register-Event": event.kind, "X-Register-Event-Id": str(event.id),
        "X-Register-Delivery": f"{subscription.pk}-{event.id}-{number}",
        signing.HEADER: signing.header(subscription.secret, body),
    }
    if omitted:
        headers["X-Register-Representation"] = "omitted"
    answer = send(subscription.url, body, headers)
    now = timezone.now()
    log = WebhookDelivery(subscription=subscription, event=event, attempt=number,
                          attempted_at=now, status_code=answer.status,
                          duration_ms=answer.duration_ms, error=answer.error)
    if answer.ok:
        log.outcome = DeliveryOutcome.SUCCEEDED
        log.save()
        return True
    with transaction.atomic():
        if number >= settings.WEBHOOK_MAX_ATTEMPTS:
            log.outcome = DeliveryOutcome.FAILED
            WebhookSubscription.objects.filter(pk=subscription.pk).update(
                attempts=number, retry_at=None, active=False, failed_at=now)
        else:
            log.outcome = DeliveryOutcome.RETRYING
            log.next_attempt_at = now + backoff(number)
            WebhookSubscription.objects.filter(pk=subscription.pk).update(
                attempts=number, retry_at=log.next_attempt_at)
            schedule(subscription.pk, log.next_attempt_at)
        log.save()
    return False


def backoff(attempts):
    delay = datetime.timedelta(seconds=settings.WEBHOOK_RETRY_DELAY * 2 ** (attempts - 1))
    return min(delay, MAX_DELAY)


def schedule(subscription_id, when):
    """The retry as a deferred task, where the backend defers tasks (the database worker);
    the immediate backend of development cannot wait, so there the next event's run or
    `manage.py deliver_webhooks` takes it once it is due."""
    if default_task_backend.supports_defer:
        transaction.on_commit(lambda: deliver.using(run_after=when).enqueue(subscription_id))


def payload(event, language):
    """The event as the feed shows it, in the owner's language; a body over the limit goes
    without the representation (the receiver fetches it)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        data = ChangeEventSerializer(feed.represent([event])[0]).data
    body = encode(data)
    if len(body) <= settings.WEBHOOK_MAX_BODY_BYTES:
        return body, False
    return encode({**data, "entry": None, "manufacturer": None, "category": None}), True


def encode(data):
    """As the feed's answer writes it, entries' stored documents spliced in as they are."""
    return feed.text(data)


def send(url, body, headers):
    """POST to the receiver if its address is still allowed; a refusal is a failed attempt."""
    try:
        scheme, host, port, path = addresses.check_url(url)
        address = addresses.resolve(host, port)[0]
    except ValidationError as error:
        return sending.Answer(None, 0, f"refused: {error.messages[0]}"[:sending.EXCERPT])
    return sending.post(scheme, host, port, address, path, body, headers,
                        settings.WEBHOOK_TIMEOUT)


def due():
    """Subscriptions with events to send whose retry (if any) is due: what a periodic run
    (`manage.py deliver_webhooks`) starts."""
    now = timezone.now()
    latest = latest_id()
    return WebhookSubscription.objects.filter(
        Q(retry_at__isnull=True) | Q(retry_at__lte=now), active=True, cursor__lt=latest,
    ).values_list("pk", flat=True)
