"""Webhooks: subscriptions of one's own; the feed's events POSTed, signed, to a real local
receiver; retries with doubling pauses on the database task queue; giving up with the cursor
kept; the delivery log; and no request to an address it must not reach."""

import datetime
import hashlib
import hmac
import json
import time

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from registry import workflow
from registry.api.webhooks import signing
from registry.models import ChangeEvent, WebhookDelivery, WebhookSubscription
from tests.api.conftest import auth, issue_token
from tests.api.receivers import Receiver
from tests.factories import make_product

WEBHOOKS = "/api/v1/webhooks/"
JSON = "application/json"
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


@pytest.fixture
def registrar(registrar_ru):
    """The makers here are Russian (the factories' default): Russia's registrar decides."""
    return registrar_ru


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.close()


@pytest.fixture
def secret(rep_a, maker_a):
    return issue_token(rep_a, maker_a)


@pytest.fixture
def public_url(settings):
    settings.REGISTER_PUBLIC_URL = "http://testserver"


def subscribe(client, token, url, **fields):
    response = client.post(WEBHOOKS, {"url": url, **fields}, content_type=JSON,
                           headers=auth(token))
    assert response.status_code == 201, response.content
    return response.json()


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval",
                 "0", verbosity=0)


def feed_event(client, event_id):
    page = client.get("/api/v1/changes/", {"after": event_id - 1, "page_size": 1},
                      headers={"accept-language": "ru"})
    return page.json()["results"][0]


# --- Subscriptions ------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_client_subscribes_and_sees_the_secret_once(client, secret, receiver, registrar):
    workflow.suspend(make_product(), registrar, "audit")  # the feed is not empty
    created = subscribe(client, secret, receiver.url, kinds=["entry.suspended"])
    assert len(created["secret"]) >= 24 and created["kinds"] == ["entry.suspended"]
    assert created["cursor"] == ChangeEvent.objects.get().id  # deliveries from now on
    shown = client.get(created["api_url"], headers=auth(secret)).json()
    assert "secret" not in shown and shown["active"] is True
    listed = client.get(WEBHOOKS, headers=auth(secret)).json()["results"]
    assert [s["id"] for s in listed] == [created["id"]]
    own = subscribe(client, secret, receiver.url, secret="s" * 30, after=0)
    assert (own["secret"], own["cursor"]) == ("s" * 30, 0)


@pytest.mark.django_db
def test_subscriptions_are_their_owners_alone(client, secret, receiver, rep_b, maker_b):
    created = subscribe(client, secret, receiver.url)
    other = issue_token(rep_b, maker_b)
    assert client.get(WEBHOOKS, headers=auth(other)).json()["results"] == []
    for method in (client.get, client.patch, client.delete):
        response = method(created["api_url"], content_type=JSON, headers=auth(other))
        assert response.status_code == 404
    assert client.get(created["deliveries_url"], headers=auth(other)).status_code == 404
    assert client.get(WEBHOOKS).status_code == 401
    assert client.delete(created["api_url"], headers=auth(secret)).status_code == 204
    assert not WebhookSubscription.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("fields", "field"), [
    ({"kinds": ["entry.deleted"]}, "kinds.0"),
    ({"secret": "short"}, "secret"),
    ({"secret": "ü" * 30}, "secret"),
    ({"after": 10**6}, "after"),
    ({"url": "ftp://example.org/"}, "url"),
    ({"url": "https://user:pw@93.184.216.34/"}, "url"),
    ({"colour": "red"}, "colour"),
])
def test_bad_subscriptions_are_refused_per_field(client, secret, receiver, fields, field):
    response = client.post(WEBHOOKS, {"url": receiver.url, **fields}, content_type=JSON,
                           headers=auth(secret))
    assert response.status_code == 400 and field in response.json()["fields"], response.json()
    assert not WebhookSubscription.objects.exists()


@pytest.mark.django_db
def test_a_client_holds_a_bounded_number_of_subscriptions(client, secret, receiver):
    for _ in range(10):
        subscribe(client, secret, receiver.url)
    response = client.post(WEBHOOKS, {"url": receiver.url}, content_type=JSON,
                           headers=auth(secret))
    assert response.status_code == 400 and "url" in response.json()["fields"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/", "https://127.0.0.1/", "https://localhost/", "https://[::1]/",
    "https://10.0.0.5/", "https://192.168.1.1/", "https://169.254.169.254/latest/meta-data",
    "https://[fe80::1]/", "https://100.64.0.1/", "https://0.0.0.0/", "https://224.0.0.1/",
    "http://93.184.216.34/",
])
def test_production_refuses_receivers_on_private_or_plain_addresses(client, secret, settings,
                                                                     url):
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    response = client.post(WEBHOOKS, {"url": url}, content_type=JSON, headers=auth(secret))
    assert response.status_code == 400, url
    assert "url" in response.json()["fields"]
    public = client.post(WEBHOOKS, {"url": "https://93.184.216.34/hooks"}, content_type=JSON,
                         headers=auth(secret))
    assert public.status_code == 201


# --- Deliveries (the immediate task backend of development and tests) ---------------------------

@pytest.mark.django_db(transaction=True)
def test_an_event_is_posted_signed_and_exactly_as_the_feed_shows_it(
        client, secret, receiver, registrar, public_url):
    created = subscribe(client, secret, receiver.url)
    product = make_product()
    workflow.suspend(product, registrar, "audit")
    [request] = receiver.requests
    event = WebhookSubscription.objects.get().cursor
    assert request.path == "/hooks/register?x=1"
    assert request.headers["X-Register-Event"] == "entry.suspended"
    assert request.headers["X-Register-Event-Id"] == str(event)
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    # The receiver's check, written out: HMAC-SHA256 of "<t>.<body>" under the secret.
    parts = dict(p.split("=", 1) for p in request.headers["X-Register-Signature"].split(","))
    expected = hmac.new(created["secret"].encode(), f"{parts['t']}.".encode() + request.body,
                        hashlib.sha256).hexdigest()
    assert hmac.compare_digest(parts["v1"], expected)
    assert abs(int(parts["t"]) - time.time()) < 60
    assert signing.verify(created["secret"], request.headers["X-Register-Signature"],
                          request.body)
    assert not signing.verify(created["secret"], request.headers["X-Register-Signature"],
                              request.body + b" ")
    assert not signing.verify("another-secret-of-enough-length",
                              request.headers["X-Register-Signature"], request.body)
    body = json.loads(request.body)
    assert body == feed_event(client, event)  # the owner's language: Russian
    assert body["entry"]["registry_number"] == product.registry_number
    [log] = WebhookDelivery.objects.all()
    assert (log.outcome, log.status_code, log.attempt, log.event_id) == (
        "succeeded", 200, 1, event)


@pytest.mark.django_db(transaction=True)
def test_only_the_kinds_asked_for_are_sent_and_the_cursor_passes_the_others(
        client, secret, receiver, registrar):
    subscribe(client, secret, receiver.url, kinds=["entry.reinstated"])
    product = make_product()
    workflow.suspend(product, registrar, "audit")
    assert receiver.requests == []
    workflow.reinstate(product, registrar)
    assert [r.headers["X-Register-Event"] for r in receiver.requests] == ["entry.reinstated"]
    subscription = WebhookSubscription.objects.get()
    assert subscription.cursor == int(receiver.requests[0].headers["X-Register-Event-Id"])


@pytest.mark.django_db(transaction=True)
def test_a_large_event_goes_without_its_representation(client, secret, receiver, registrar,
                                                       settings):
    settings.WEBHOOK_MAX_BODY_BYTES = 500
    subscribe(client, secret, receiver.url)
    workflow.suspend(make_product(), registrar, "audit")
    [request] = receiver.requests
    assert request.headers["X-Register-Representation"] == "omitted"
    body = json.loads(request.body)
    assert body["entry"] is None and body["registry_number"] and body["kind"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("script", "error"), [
    ({"statuses": [302], "location": "http://127.0.0.1:1/elsewhere"}, "redirect not followed"),
    ({"delay": 1.0}, "timed out"),
    ({"statuses": [503]}, "answer 503"),
])
def test_failures_are_logged_and_left_for_a_retry(client, secret, registrar, settings, script,
                                                  error):
    settings.WEBHOOK_TIMEOUT = 0.3
    receiver = Receiver(**script)
    try:
        created = subscribe(client, secret, receiver.url)
        workflow.suspend(make_product(), registrar, "audit")
    finally:
        receiver.close()
    assert len(receiver.requests) == 1  # one attempt; the redirect was not followed
    [log] = client.get(created["deliveries_url"], headers=auth(secret)).json()["results"]
    assert log["outcome"] == "retrying" and error in log["error"]
    assert log["next_attempt_at"] is not None
    subscription = WebhookSubscription.objects.get()
    assert (subscription.attempts, subscription.cursor) == (1, created["cursor"])


@pytest.mark.django_db(transaction=True)
def test_a_receiver_that_became_internal_is_not_called(client, secret, receiver, registrar,
                                                       settings):
    subscribe(client, secret, receiver.url)
    settings.WEBHOOK_ALLOW_LOOPBACK = False  # as in production
    workflow.suspend(make_product(), registrar, "audit")
    assert receiver.requests == []
    log = WebhookDelivery.objects.get()
    assert log.status_code is None and log.error.startswith("refused:")


@pytest.mark.django_db(transaction=True)
def test_a_due_retry_is_taken_by_the_periodic_command(client, secret, registrar, settings):
    settings.WEBHOOK_RETRY_DELAY = 0.1
    receiver = Receiver(statuses=[500])
    try:
        subscribe(client, secret, receiver.url)
        workflow.suspend(make_product(), registrar, "audit")
        call_command("deliver_webhooks", verbosity=0)  # not due yet: nothing sent
        assert len(receiver.requests) == 1
        time.sleep(0.15)
        call_command("deliver_webhooks", verbosity=0)
    finally:
        receiver.close()
    assert len(receiver.requests) == 2
    assert list(WebhookDelivery.objects.order_by("pk").values_list("outcome", flat=True)) == [
        "retrying", "succeeded"]


# --- Retries on the database task queue ---------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_retries_wait_doubling_pauses_until_the_receiver_answers(client, secret, registrar,
                                                                 settings):
    settings.TASKS = DATABASE_QUEUE
    settings.WEBHOOK_RETRY_DELAY = 0.2
    receiver = Receiver(statuses=[500, 500])
    try:
        created = subscribe(client, secret, receiver.url)
        workflow.suspend(make_product(), registrar, "audit")
        assert receiver.requests == []  # queued, not yet run
        run_worker()  # the fan-out, then the first attempt
        first = WebhookDelivery.objects.get()
        assert (first.outcome, first.status_code) == ("retrying", 500)
        assert first.next_attempt_at - first.attempted_at == datetime.timedelta(seconds=0.2)
        retry = DBTaskResult.objects.get(status="READY")  # a deferred task, not a busy wait
        assert (retry.task_path, retry.run_after) == ("registry.api.webhooks.delivery.deliver",
                                                      first.next_attempt_at)
        run_worker()  # the retry is not due yet
        assert len(receiver.requests) == 1
        wait_until(first.next_attempt_at)
        run_worker()
        second = WebhookDelivery.objects.latest("pk")
        assert (second.attempt, second.outcome) == (2, "retrying")
        assert second.next_attempt_at - second.attempted_at == datetime.timedelta(seconds=0.4)
        wait_until(second.next_attempt_at)
        run_worker()
    finally:
        receiver.close()
    assert len(receiver.requests) == 3
    assert len({r.body for r in receiver.requests}) == 1  # the same event each time
    subscription = WebhookSubscription.objects.get()
    assert subscription.cursor == int(receiver.requests[0].headers["X-Register-Event-Id"])
    assert (subscription.attempts, subscription.retry_at, subscription.active) == (0, None, True)
    log = client.get(created["deliveries_url"], headers=auth(secret)).json()["results"]
    assert [(d["attempt"], d["outcome"], d["status_code"]) for d in log] == [
        (3, "succeeded", 200), (2, "retrying", 500), (1, "retrying", 500)]
    assert all(d["duration_ms"] is not None for d in log)


@pytest.mark.django_db(transaction=True)
def test_after_the_last_attempt_it_stops_and_the_receiver_catches_up(client, secret, registrar,
                                                                     settings):
    settings.TASKS = DATABASE_QUEUE
    settings.WEBHOOK_RETRY_DELAY = 0.1
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    receiver = Receiver(statuses=[500, 500])
    product = make_product()
    try:
        created = subscribe(client, secret, receiver.url)
        workflow.suspend(product, registrar, "audit")
        run_worker()
        wait_until(WebhookDelivery.objects.get().next_attempt_at)
        run_worker()
        subscription = WebhookSubscription.objects.get()
        assert (subscription.active, subscription.attempts) == (False, 2)
        assert subscription.failed_at is not None
        assert subscription.cursor == created["cursor"]  # nothing is lost
        workflow.reinstate(product, registrar)  # a stopped subscription is not called
        run_worker()
        assert len(receiver.requests) == 2
        # The receiver reads what it missed from the feed, after its cursor...
        missed = client.get("/api/v1/changes/", {"after": subscription.cursor}).json()
        assert [e["kind"] for e in missed["results"]] == ["entry.suspended", "entry.reinstated"]
        # ...or has the deliveries resume from there.
        resumed = client.patch(created["api_url"], {"active": True}, content_type=JSON,
                               headers=auth(secret))
        assert resumed.status_code == 200 and resumed.json()["failed_at"] is None
        run_worker()
    finally:
        receiver.close()
    assert [r.headers["X-Register-Event"] for r in receiver.requests[2:]] == [
        "entry.suspended", "entry.reinstated"]
    assert WebhookSubscription.objects.get().cursor == missed["cursor"]
    outcomes = list(WebhookDelivery.objects.order_by("pk").values_list("outcome", flat=True))
    assert outcomes == ["retrying", "failed", "succeeded", "succeeded"]


def wait_until(moment):
    time.sleep(max(0.0, (moment - timezone.now()).total_seconds()) + 0.05)


@pytest.mark.django_db(transaction=True)
def test_a_subscription_answers_conditional_requests_and_shows_its_progress(
        client, secret, receiver, registrar):
    created = subscribe(client, secret, receiver.url)
    first = client.get(created["api_url"], headers=auth(secret))
    listed = client.get(WEBHOOKS, headers=auth(secret))
    for url, response in ((created["api_url"], first), (WEBHOOKS, listed)):
        assert client.get(url, headers={**auth(secret), "if-none-match": response["ETag"]}) \
            .status_code == 304
    workflow.suspend(make_product(), registrar, "audit")  # delivered: the cursor moves
    for url, response in ((created["api_url"], first), (WEBHOOKS, listed)):
        fresh = client.get(url, headers={**auth(secret), "if-none-match": response["ETag"]})
        assert fresh.status_code == 200
    assert fresh.json()["results"][0]["cursor"] > created["cursor"]
