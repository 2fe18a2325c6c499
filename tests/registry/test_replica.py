"""Against a real streaming replica (.ci/replica, DATABASE_REPLICA_URL): anonymous reads come
from it and say how fresh they are in Last-Modified; a visitor who just saved reads the save
from the primary; beyond the lag limit everyone reads from the primary.

Replay on the replica is paused to make it lag on purpose, and resumed afterwards.
"""

import time
from contextlib import contextmanager

import pytest
from django.db import connections
from django.utils.http import parse_http_date

from config.dbrouters import PIN_COOKIE, REPLICA
from products.models import Product
from tests import factories

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, databases=["default", REPLICA]),
    pytest.mark.skipif(REPLICA not in connections, reason="needs DATABASE_REPLICA_URL"),
]


def on_replica(sql):
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def replicated(check, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


@contextmanager
def replay_paused():
    on_replica("SELECT pg_wal_replay_pause()::text")
    try:
        yield
    finally:
        on_replica("SELECT pg_wal_replay_resume()::text")


@pytest.fixture
def entry(settings):
    settings.DATABASE_REPLICA_MAX_LAG = 3600
    product = factories.make_product(name_ru="Старое имя")
    assert on_replica("SELECT pg_is_in_recovery()")
    assert replicated(lambda: Product.objects.using(REPLICA).filter(pk=product.pk).exists())
    return product


def rename(product, name):
    Product.objects.filter(pk=product.pk).update(name_ru=name)


def test_anonymous_reads_may_lag_and_say_so(client, entry):
    with replay_paused():
        time.sleep(0.2)
        before = time.time()
        rename(entry, "Новое имя")
        page = client.get(entry.get_absolute_url())
        assert "Старое имя" in page.content.decode()
        assert parse_http_date(page["Last-Modified"]) <= before
    assert replicated(lambda: "Новое имя" in client.get(entry.get_absolute_url())
                      .content.decode())


def test_a_representative_who_just_saved_sees_the_save(client, entry):
    rep = factories.make_user("rep_replica", represents=entry.manufacturer)
    client.force_login(rep)
    with replay_paused():
        time.sleep(0.2)
        rename(entry, "Сохранено")
        assert "Сохранено" in client.get(entry.get_absolute_url()).content.decode()


def test_a_visitor_who_just_wrote_is_pinned_to_the_primary(client, entry):
    with replay_paused():
        time.sleep(0.2)
        rename(entry, "Записано")
        client.cookies[PIN_COOKIE] = f"{time.time() + 60:.0f}"
        assert "Записано" in client.get(entry.get_absolute_url()).content.decode()


def test_beyond_the_lag_limit_reads_go_to_the_primary(client, entry, settings):
    settings.DATABASE_REPLICA_MAX_LAG = 0.5
    with replay_paused():
        rename(entry, "Свежее")
        time.sleep(1.0)
        assert "Свежее" in client.get(entry.get_absolute_url()).content.decode()
