"""Cached results about the catalogue (facet counts, search candidates), kept honest.

Every cached value is keyed with a generation number that any write to the catalogue bumps
(signals on save and delete), and expires anyway after CACHE_SECONDS for writes that bypass
signals (bulk loads). With a shared CACHE_URL all app servers see the same generation.
"""

import hashlib
import json
import random

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from manufacturers.models import Manufacturer

from .models import Category, ParameterTemplate, PartAlias, Product, ProductParameter

CACHE_SECONDS = 600
GENERATION_KEY = "facets:generation"


def generation():
    return cache.get_or_set(GENERATION_KEY, 1, timeout=None)


def bump_generation(**kwargs):
    """Any write to the catalogue makes every cached value stale."""
    cache.set(GENERATION_KEY, random.getrandbits(48), timeout=None)


def connect_signals():
    for model in (Product, PartAlias, ProductParameter, Category, ParameterTemplate,
                  Manufacturer):
        post_save.connect(bump_generation, sender=model, dispatch_uid=f"facets.{model.__name__}")
        post_delete.connect(bump_generation, sender=model,
                            dispatch_uid=f"facets.del.{model.__name__}")


def cached(parts, compute):
    # The day is part of the key: at midnight entries expire without any write.
    text = json.dumps([generation(), timezone.localdate(), *parts], default=str,
                      sort_keys=True)
    key = "facets:" + hashlib.sha256(text.encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value
