"""Send anonymous read-only requests to a streaming replica when DATABASE_REPLICA_URL is set.

Only GET/HEAD requests of visitors who are not signed in (neither a session nor an API token)
read from the replica: they are the bulk of the traffic (public pages, API reads) and
tolerate a replica's lag of a moment.
Everything else — writes, anything inside a transaction, signed-in users who expect to see
what they just changed, management commands — uses the primary.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections

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


class ReplicaReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        # An API client with a token is signed in too (its token is checked after this).
        anonymous = (user is None or not user.is_authenticated) \
            and "authorization" not in request.headers
        if request.method in ("GET", "HEAD") and anonymous:
            with replica_reads():
                return self.get_response(request)
        return self.get_response(request)
