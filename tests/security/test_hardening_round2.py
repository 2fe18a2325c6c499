"""What an outside test of the API and the pages found, each held by a test: embedded-IPv4
webhook addresses, hostile and oversized proposals, nested JSON, invisible characters, wrong
JSON types, the public BOM upload, backups, the schema and the caching of signed-in pages."""

import socket

import pytest
from django.core.cache import cache

from registry import workflow
from registry.models import WebhookDelivery
from tests.api.conftest import auth, issue_token
from tests.applications import include_data, mcu_category
from tests.factories import make_product

JSON = "application/json"
WEBHOOKS = "/api/v1/webhooks/"
APPLICATIONS = "/api/v1/applications/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def secret(rep_a, maker_a):
    return issue_token(rep_a, maker_a)


# --- 1. Webhook receivers behind IPv6 forms of private IPv4 addresses ---------------------------

EMBEDDED_PRIVATE = [
    "https://[64:ff9b::a9fe:a9fe]/",       # NAT64 of 169.254.169.254
    "https://[64:ff9b:1::a00:5]/",         # local-use NAT64
    "https://[2002:a9fe:a9fe::1]/",        # 6to4 of 169.254.169.254
    "https://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/",  # Teredo
    "https://[::a9fe:a9fe]/",              # IPv4-compatible 169.254.169.254
    "https://[::7f00:1]/",                 # IPv4-compatible 127.0.0.1
    "https://[::ffff:10.0.0.5]/",          # IPv4-mapped
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", EMBEDDED_PRIVATE)
def test_webhook_refuses_ipv6_forms_of_private_ipv4_on_post_and_patch(client, secret, settings,
                                                                     url):
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    refused = client.post(WEBHOOKS, {"url": url}, content_type=JSON, headers=auth(secret))
    assert refused.status_code == 400, url
    assert "url" in refused.json()["fields"]
    made = client.post(WEBHOOKS, {"url": "https://93.184.216.34/hooks"}, content_type=JSON,
                       headers=auth(secret))
    assert made.status_code == 201
    patched = client.patch(made.json()["api_url"], {"url": url}, content_type=JSON,
                           headers=auth(secret))
    assert patched.status_code == 400, url
    assert "url" in patched.json()["fields"]


@pytest.mark.django_db
def test_webhook_accepts_a_public_nat64_address(client, secret, settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    made = client.post(WEBHOOKS, {"url": "https://[64:ff9b::5db8:d822]/"}, content_type=JSON,
                       headers=auth(secret))
    assert made.status_code == 201, made.content


@pytest.mark.django_db(transaction=True)
def test_webhook_name_rebound_to_an_embedded_private_address_is_not_called(
        client, secret, registrar, settings, monkeypatch):
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    answers = {"hooks.example.org": "93.184.216.34"}
    real = socket.getaddrinfo

    def resolver(host, port, *args, **kwargs):
        if host in answers:
            family = socket.AF_INET6 if ":" in answers[host] else socket.AF_INET
            return [(family, socket.SOCK_STREAM, 6, "", (answers[host], port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    made = client.post(WEBHOOKS, {"url": "https://hooks.example.org/in"}, content_type=JSON,
                       headers=auth(secret))
    assert made.status_code == 201, made.content
    answers["hooks.example.org"] = "64:ff9b::a9fe:a9fe"  # the name now points inside
    workflow.suspend(make_product(), registrar, "audit")
    log = WebhookDelivery.objects.get()
    assert log.status_code is None
    assert log.error.startswith("refused:") and "private or reserved" in log.error
