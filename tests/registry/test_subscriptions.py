"""Following a search by e-mail: a confirmation link first (nothing is sent to an address that
did not confirm), then digests of the search's changes in the subscriber's language, only when
something changed, each with a one-click way out."""

import datetime
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from products.models import Product
from registry import workflow
from registry.models import Subscription
from registry.subscriptions import digests
from tests.factories import make_category

pytestmark = pytest.mark.django_db

EN = {"accept-language": "en"}
RU = {"accept-language": "ru"}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()  # the limiter's counters live in the cache, which outlives a test


@pytest.fixture
def mcu():
    return make_category(slug="mcu", name_en="Microcontrollers", name_ru="Микроконтроллеры")


def register(maker, registrar, category, part_number):
    product = Product(manufacturer=maker, category=category, part_number=part_number,
                      name_ru="Микроконтроллер")
    return workflow.register_directly(product, registrar, reason="paper register")


def subscribe(client, query="category=mcu", email="engineer@example.org", headers=EN,
              frequency="daily"):
    return client.post("/follow/", {"query": query, "email": email, "frequency": frequency},
                       headers=headers)


def confirmation_link(message):
    return re.search(r"https?://\S+/follow/confirm/\S+/", message.body).group(0)


def later(days):
    return timezone.now() + datetime.timedelta(days=days)


def test_subscribing_sends_a_confirmation_and_no_digest_before_it(client, mcu, maker_a,
                                                                   registrar):
    page = client.get("/follow/", {"category": "mcu", "sort": "newest"}, headers=EN)
    assert "Microcontrollers" in page.content.decode()
    assert subscribe(client).status_code == 200
    assert len(mail.outbox) == 1
    assert "Microcontrollers" in mail.outbox[0].subject
    subscription = Subscription.objects.get()
    assert subscription.query == "category=mcu" and subscription.confirmed_at is None
    register(maker_a, registrar, mcu, "K1986BE92QI")
    mail.outbox.clear()
    assert digests.send_due(later(2)) == 0 and mail.outbox == []


def test_a_confirmed_follower_gets_the_news_once_in_their_language(client, mcu, maker_a,
                                                                    registrar):
    subscribe(client, headers=RU)
    link = confirmation_link(mail.outbox[0])
    path = link[link.index("/follow/"):]
    assert client.get(path, headers=RU).status_code == 200
    client.post(path)  # the button
    assert Subscription.objects.get().confirmed_at is not None
    entry = register(maker_a, registrar, mcu, "K1986BE92QI")
    mail.outbox.clear()
    assert digests.send_due(later(1)) == 1
    digest = mail.outbox[0]
    assert "K1986BE92QI" in digest.body and entry.registry_number in digest.body
    assert "включена в реестр" in digest.body  # the kind, in Russian
    stop = digest.extra_headers["List-Unsubscribe"].strip("<>")
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Nothing new: no second e-mail.
    mail.outbox.clear()
    assert digests.send_due(later(3)) == 0
    # One click out: the mail client's POST, no form.
    client.post(stop[stop.index("/follow/"):], {"List-Unsubscribe": "One-Click"})
    assert Subscription.objects.get().unsubscribed_at is not None
    register(maker_a, registrar, mcu, "K1986BE1QI")
    assert digests.send_due(later(5)) == 0


def test_a_weekly_digest_waits_for_its_week(client, mcu, maker_a, registrar):
    subscribe(client, frequency="weekly")
    path = confirmation_link(mail.outbox[0])
    client.post(path[path.index("/follow/"):])
    register(maker_a, registrar, mcu, "K1986BE92QI")
    assert digests.send_due(later(2)) == 0
    assert digests.send_due(later(7)) == 1


def test_opening_the_confirmation_link_alone_confirms_nothing(client, mcu):
    subscribe(client)
    path = confirmation_link(mail.outbox[0])
    client.get(path[path.index("/follow/"):])  # a mail scanner following the link
    assert Subscription.objects.get().confirmed_at is None


def test_bad_input_changes_nothing(client, mcu):
    assert subscribe(client, email="not an address").status_code == 400
    assert subscribe(client, query="category=no-such").status_code == 400
    assert client.get("/follow/", {"category": "no-such"}).status_code == 400
    assert client.post("/follow/confirm/not-a-token/").status_code == 404
    assert not Subscription.objects.exists() and mail.outbox == []


def test_one_address_cannot_be_flooded_with_confirmations(client, mcu, settings):
    for _ in range(3):
        assert subscribe(client).status_code == 200
    assert subscribe(client).status_code == 429
    assert len(mail.outbox) == 3
    assert Subscription.objects.count() == 1  # the same search, asked again
