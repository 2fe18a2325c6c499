"""/metrics: the backlogs as Prometheus gauges, for internal scrapers and no one else."""

import datetime
import re

import pytest
from django.utils import timezone

from registry.models import (
    Application,
    ApplicationKind,
    ApplicationState,
    ChangeEvent,
    WebhookSubscription,
)
from tests import factories

pytestmark = pytest.mark.django_db

OUTSIDE = "203.0.113.9"


def samples(text):
    """{'name{labels}': value} of an exposition, checking every line is well-formed."""
    found = {}
    for line in text.splitlines():
        if line.startswith("# "):
            assert re.fullmatch(r"# (HELP|TYPE) register_\w+ .+", line), line
            continue
        name, value = line.rsplit(" ", 1)
        assert re.fullmatch(r'register_\w+(\{(\w+="[^"]*",?)+\})?', name), line
        found[name] = float(value)
    return found


def application(maker, user, state, submitted_ago):
    return Application.objects.create(
        kind=ApplicationKind.INCLUDE, state=state, manufacturer=maker, created_by=user,
        submitted_at=timezone.now() - submitted_ago if submitted_ago else None)


@pytest.fixture
def backlog(maker_a, rep_a):
    now, today = timezone.now(), timezone.localdate()
    application(maker_a, rep_a, ApplicationState.SUBMITTED, datetime.timedelta(days=3))
    application(maker_a, rep_a, ApplicationState.UNDER_REVIEW, datetime.timedelta(days=1))
    application(maker_a, rep_a, ApplicationState.CHANGES_REQUESTED, datetime.timedelta(days=40))
    application(maker_a, rep_a, ApplicationState.DRAFT, None)
    registered = datetime.date(2020, 1, 1)
    for days in (10, 60, 200):
        factories.make_product(manufacturer=maker_a, registered_at=registered,
                               valid_until=today + datetime.timedelta(days=days))
    factories.make_product(manufacturer=maker_a, registered_at=registered,
                           valid_until=today - datetime.timedelta(days=1))
    excluded = factories.make_product(manufacturer=maker_a, registered_at=registered,
                                      valid_until=today + datetime.timedelta(days=5))
    excluded.status, excluded.excluded_at = "excluded", today
    excluded.exclusion_reason, excluded.exclusion_legal_basis = "false_data", "Решение № 1"
    excluded.save()
    event = ChangeEvent.objects.create(kind="entry.included", product=excluded,
                                       manufacturer=maker_a,
                                       occurred_at=now - datetime.timedelta(hours=2))
    WebhookSubscription.objects.create(owner=rep_a, url="https://hooks.example.org/a",
                                       secret="s" * 32, cursor=event.id - 1)
    WebhookSubscription.objects.create(owner=rep_a, url="https://hooks.example.org/b",
                                       secret="s" * 32, cursor=event.id - 1, attempts=3)
    WebhookSubscription.objects.create(owner=rep_a, url="https://hooks.example.org/c",
                                       secret="s" * 32, cursor=event.id)
    WebhookSubscription.objects.create(owner=rep_a, url="https://hooks.example.org/d",
                                       secret="s" * 32, cursor=0, active=False, failed_at=now)


def test_loopback_reads_the_backlogs(client, backlog):
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    found = samples(response.content.decode())
    assert found['register_applications_pending{state="submitted"}'] == 1
    assert found['register_applications_pending{state="under_review"}'] == 1
    assert found['register_applications_pending{state="changes_requested"}'] == 1
    # The registrars' queue: three days for the oldest submitted application.
    assert 3 * 86400 <= found["register_application_oldest_pending_age_seconds"] < 3 * 86400 + 60
    assert found['register_entries_expiring{within_days="30"}'] == 1
    assert found['register_entries_expiring{within_days="90"}'] == 2
    assert found["register_entries_past_validity"] == 1
    assert found['register_webhook_subscriptions{state="behind"}'] == 2
    assert found['register_webhook_subscriptions{state="retrying"}'] == 1
    assert found['register_webhook_subscriptions{state="stopped"}'] == 1
    assert 7200 <= found["register_webhook_oldest_undelivered_age_seconds"] < 7260


def test_an_empty_register_reports_zeros(client):
    found = samples(client.get("/metrics").content.decode())
    assert found["register_application_oldest_pending_age_seconds"] == 0
    assert found["register_webhook_oldest_undelivered_age_seconds"] == 0
    assert set(found.values()) == {0}


def test_the_public_does_not_see_the_metrics(client):
    assert client.get("/metrics", REMOTE_ADDR=OUTSIDE).status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="::1").status_code == 200


def test_a_proxy_on_loopback_does_not_open_the_metrics_to_its_clients(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1",
                          headers={"X-Forwarded-For": OUTSIDE})
    assert response.status_code == 404


def test_a_scraper_elsewhere_needs_the_token_or_an_allowed_network(client, settings):
    settings.METRICS_TOKEN = "scrape-me-0123456789"
    bearer = {"Authorization": "Bearer scrape-me-0123456789"}
    assert client.get("/metrics", REMOTE_ADDR=OUTSIDE, headers=bearer).status_code == 200
    wrong = {"Authorization": "Bearer scrape-me-9876543210"}
    assert client.get("/metrics", REMOTE_ADDR=OUTSIDE, headers=wrong).status_code == 404
    settings.METRICS_ALLOWED_IPS = ["203.0.113.0/24"]
    assert client.get("/metrics", REMOTE_ADDR=OUTSIDE).status_code == 200
    assert client.get("/metrics").status_code == 404  # loopback is no longer listed


def test_a_mistyped_allowed_address_opens_nothing_and_is_reported(client, settings):
    from registry.operations.metrics import allowed_ips_are_addresses

    settings.METRICS_ALLOWED_IPS = ["127.0.0.1/33", "localhost"]
    assert client.get("/metrics").status_code == 404
    assert [error.id for error in allowed_ips_are_addresses()] == ["operations.E001"] * 2
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1", "10.0.0.0/8"]
    assert allowed_ips_are_addresses() == []
