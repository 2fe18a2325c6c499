"""Read traffic of anonymous visitors goes to the replica; everything else to the primary."""

import pytest
from django.db import connections, transaction

from config.dbrouters import REPLICA, ReplicaRouter, replica_reads
from products.models import Product


@pytest.fixture
def with_replica(settings, monkeypatch):
    """A replica alias pointing at the same test database (as TEST MIRROR does)."""
    databases = {**settings.DATABASES, REPLICA: settings.DATABASES["default"]}
    monkeypatch.setattr(connections, "_settings", databases)
    monkeypatch.setattr(connections, "settings", databases, raising=False)
    yield


def test_without_a_replica_everything_reads_from_the_primary(settings, monkeypatch):
    databases = {k: v for k, v in settings.DATABASES.items() if k != REPLICA}
    monkeypatch.setattr(connections, "_settings", databases)
    monkeypatch.setattr(connections, "settings", databases, raising=False)
    with replica_reads():
        assert ReplicaRouter().db_for_read(Product) == "default"


def test_replica_reads_only_inside_the_context(with_replica):
    router = ReplicaRouter()
    assert router.db_for_read(Product) == "default"
    with replica_reads():
        assert router.db_for_read(Product) == REPLICA
    assert router.db_for_write(Product) == "default"


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_stay_on_the_primary(with_replica):
    router = ReplicaRouter()
    with replica_reads(), transaction.atomic():
        assert router.db_for_read(Product) == "default"


def test_migrations_only_run_on_the_primary():
    router = ReplicaRouter()
    assert router.allow_migrate("default", "products")
    assert not router.allow_migrate(REPLICA, "products")


@pytest.mark.django_db(databases="__all__")  # a real replica is asked how far it lags
@pytest.mark.parametrize(("method", "signed_in", "expected"), [
    ("GET", False, True), ("HEAD", False, True), ("POST", False, False), ("GET", True, False),
])
def test_middleware_marks_only_anonymous_safe_requests(rf, method, signed_in, expected):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from config.dbrouters import ReplicaReadsMiddleware, _reading_from_replica

    seen = []
    middleware = ReplicaReadsMiddleware(
        lambda request: seen.append(_reading_from_replica.get()) or HttpResponse())
    request = rf.generic(method, "/")
    request.user = AnonymousUser() if not signed_in else type("U", (), {
        "is_authenticated": True})()
    middleware(request)
    assert seen == [expected]
