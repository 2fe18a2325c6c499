"""Cached results about the catalogue (facet counts, search candidates), kept honest.

Every cached value is keyed with a generation number that any write to the catalogue bumps
(signals on save and delete), and expires anyway after CACHE_SECONDS for writes that bypass
signals (bulk loads). With a shared CACHE_URL all app servers see the same generation.
"""

import hashlib
import json
import random
import time

from django.apps import apps
from django.core.cache import cache
from django.db import router, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

CACHE_SECONDS = 600
GENERATION_KEY = "facets:generation"


def generation():
    # A new cache starts at a number never used before: values kept in a process (`shared`)
    # under an earlier generation are never taken for this one's.
    return cache.get_or_set(GENERATION_KEY, lambda: random.getrandbits(48), timeout=None)


def bump_generation(sender=None, **kwargs):
    """Any write to the catalogue makes every cached value stale: at once, for reads inside
    the writing transaction, and again at its commit, for reads by others in between, which
    kept what they saw before the commit under the first new number."""
    _new_generation()
    if sender is None:
        return
    connection = transaction.get_connection(router.db_for_write(sender))
    if not connection.in_atomic_block:
        return
    # Once per transaction (an import saves thousands of rows): Django replaces its list of
    # commit callbacks on commit and rollback, so while the list we added to is the current
    # one, ours is in it.
    if getattr(connection, "_generation_pending", None) is not connection.run_on_commit:
        transaction.on_commit(_new_generation, using=connection.alias)
        connection._generation_pending = connection.run_on_commit


def _new_generation():
    cache.set(GENERATION_KEY, random.getrandbits(48), timeout=None)


def connect_signals():
    """Every model of the catalogue's apps: pages show more of it than the facets count
    (foreign analogs, documents, production stages)."""
    for app in ("products", "manufacturers"):
        for model in apps.get_app_config(app).get_models():
            label = model._meta.label
            post_save.connect(bump_generation, sender=model, dispatch_uid=f"facets.{label}")
            post_delete.connect(bump_generation, sender=model,
                                dispatch_uid=f"facets.del.{label}")


def cached(parts, compute):
    value = cache.get(key := _key(parts))
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def _key(parts):
    # The day is part of the key: at midnight entries expire without any write.
    text = json.dumps([generation(), timezone.localdate(), *parts], default=str,
                      sort_keys=True)
    return "facets:" + hashlib.sha256(text.encode()).hexdigest()


# Values `shared` hands out, by key: {key: (monotonic deadline, value)}.
_SHARED: dict[str, tuple[float, object]] = {}
_SHARED_MAX = 64


def shared(parts, compute):
    """As `cached`, but kept in this process as well, and the same object handed to every
    caller: for small values read several times a request (the category tree, the parameter
    templates), which `cached` would unpickle each time. Callers must not change them."""
    key = _key(parts)
    now = time.monotonic()
    kept = _SHARED.get(key)
    if kept is not None and kept[0] > now:
        return kept[1]
    value = cached(parts, compute)
    if len(_SHARED) >= _SHARED_MAX:  # older generations' values: never asked again
        _SHARED.clear()
    _SHARED[key] = (now + CACHE_SECONDS, value)
    return value
