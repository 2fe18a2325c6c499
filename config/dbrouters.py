"""Send anonymous read-only requests to a streaming replica when DATABASE_REPLICA_URL is set.

Only GET/HEAD requests of visitors who are not signed in (neither a session nor an API token)
read from the replica: they are the bulk of the traffic (public pages, API reads) and
tolerate a replica's lag of a moment.
Everything else — writes, anything inside a transaction, signed-in users who expect to see
what they just changed, management commands — uses the primary. A visitor who just wrote
(any unsafe request that succeeded) is pinned to the primary for REPLICA_PIN_SECONDS by a
cookie, so they read their own write too; and when the replica lags more than
DATABASE_REPLICA_MAX_LAG seconds, everyone reads from the primary. A page read from the
replica says how fresh it is in `Last-Modified` (the replica's last replayed commit), unless
the view set it already.
"""

import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections
from django.utils.http import http_date

PIN_COOKIE = "read_primary_until"
SAFE_METHODS = ("GET", "HEAD")

REPLICA = "replica"
_reading_from_replica = ContextVar("reading_from_replica", default=False)


@contextmanager
def replica_reads():
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if (_reading_from_replica.get() and REPLICA in connections
                and not connections["default"].in_atomic_block):
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


def replica_state():
    """(seconds the replica lags or None when it is cut off, its last replayed commit)."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(
            "SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM pg_stat_wal_receiver "
            "                             WHERE status = 'streaming') THEN NULL "
            "WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
            "ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END, "
            "pg_last_xact_replay_timestamp()")
        return cursor.fetchone()


def _pinned(request):
    try:
        return float(request.COOKIES.get(PIN_COOKIE, 0)) > time.time()
    except ValueError:
        return False


class ReplicaReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        # An API client with a token is signed in too (its token is checked after this).
        anonymous = (user is None or not user.is_authenticated) \
            and "authorization" not in request.headers
        if request.method in SAFE_METHODS and anonymous and not _pinned(request):
            replayed = None
            if REPLICA in connections and connections[REPLICA].vendor == "postgresql":
                lag, replayed = replica_state()
                if lag is None or lag > settings.DATABASE_REPLICA_MAX_LAG:
                    return self.get_response(request)
            with replica_reads():
                response = self.get_response(request)
            if replayed and not response.has_header("Last-Modified"):
                response["Last-Modified"] = http_date(replayed.timestamp())
            return response
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and response.status_code < 400 \
                and REPLICA in connections:
            pin = settings.REPLICA_PIN_SECONDS
            response.set_cookie(PIN_COOKIE, f"{time.time() + pin:.0f}", max_age=pin,
                                httponly=True, samesite="Lax",
                                secure=request.is_secure())
        return response
