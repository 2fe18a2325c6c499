"""Anonymous reads answered from the cache until the register changes.

A response the register lets shared caches keep (an anonymous GET answered 200 with no cookie
set, that `registry.security.headers.PrivatePagesMiddleware` marks "public") is kept in the
default cache (Redis in production, shared by every app server) beside two marks of the
register's state when it was built:

- the change feed's newest event id: every public change to an entry, a manufacturer or a
  category writes an event, in the changing transaction;
- the catalogue's generation (products.caching): moved by any save or delete of a row of
  the products and manufacturers apps, again at its commit, for what changes without an
  event (foreign analogs, parameters).

It is served again to the next anonymous visitor asking the same address on the same host,
in the same language and with the same Accept header, while both marks are unchanged, on the
same day (an entry's term ends at midnight without a write), and for at most
RESPONSE_CACHE_SECONDS (10 minutes, as products.caching keeps the facets' counts): a write
that bypasses both the feed and the save signals (raw SQL, a bulk load) shows by then.
A hit costs one cache read and one indexed query, where the view would run the page's
searches.

The feed's newest id is read from the database the view would read (the middleware sits
after the replica's choice, config.dbrouters): read from the primary, it could be newer than
a lagging replica's rows, and keep them under it. Headers that belong to the exchange (the
request id, Cache-Control, the language's Vary) are set again on every answer by the
middleware around this one.

Hits skip the views' work, the API throttles included: a cached answer costs the register
next to nothing, as one from the reverse proxy's cache does.
"""

import datetime
import hashlib
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from products.caching import GENERATION_KEY, generation

from ..security.headers import shareable
from .reading import latest_id

# Bodies larger than this are built each time (an export is streamed, never kept).
MAX_BODY_BYTES = 1 << 20
# What a kept response may vary on: the key holds the language and the Accept header, and
# only cookie-less (or language-cookie) requests are served.
VARY_KEPT = {"accept-language", "cookie", "accept"}
HEADER = "X-Response-Cache"


class CachedReadsMiddleware:
    """Sits inside the replica's choice (config.dbrouters) and before the view work it saves;
    the middleware around it sets the headers of each exchange (request id, Cache-Control,
    Vary by language), so a kept answer holds only the view's own."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _eligible(request):
            return self.get_response(request)
        try:
            head = latest_id()
        except DatabaseError:  # the page is answered as if nothing were kept: a 404 needs
            return self.get_response(request)  # no database, a kept answer does
        key = _key(request)
        found = cache.get_many([key, GENERATION_KEY])
        # Set now if missing (an emptied cache): the view's counts would set it, and the
        # next reader would find this answer kept under a generation that no longer holds.
        current = found[GENERATION_KEY] if GENERATION_KEY in found else generation()
        state = (head, current, timezone.localdate())
        kept = found.get(key)
        if kept is not None and kept["state"] == state:
            return _served(request, kept)
        response = self.get_response(request)
        if _keepable(request, response):
            cache.set(key, _kept(response, state), settings.RESPONSE_CACHE_SECONDS)
            response[HEADER] = "miss"
        return response


def _eligible(request: HttpRequest) -> bool:
    allowed = {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
    return (settings.RESPONSE_CACHE_SECONDS > 0 and request.method == "GET"
            and "HTTP_AUTHORIZATION" not in request.META
            and set(request.COOKIES) <= allowed)


def _key(request: HttpRequest) -> str:
    parts = repr((request.scheme, request.get_host(), request.get_full_path(),
                  getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
                  request.META.get("HTTP_ACCEPT", "")))
    return "cached-reads:" + hashlib.sha256(parts.encode()).hexdigest()


def _keepable(request: HttpRequest, response: HttpResponse) -> bool:
    """What a shared cache may keep (the one rule, in PrivatePagesMiddleware), if small."""
    varies = {part.strip().lower() for part in response.get("Vary", "").split(",") if part}
    return (shareable(request, response) and not request.user.is_authenticated
            and varies <= VARY_KEPT and len(response.content) <= MAX_BODY_BYTES)


def _kept(response: HttpResponse, state: tuple[int, Any, datetime.date]) -> dict[str, Any]:
    return {"state": state, "headers": list(response.items()), "content": response.content}


def _served(request: HttpRequest, kept: dict[str, Any]) -> HttpResponse:
    response = HttpResponse(kept["content"])
    for name, value in kept["headers"]:
        response[name] = value
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    answer = get_conditional_response(request, etag=response.get("ETag"),
                                      last_modified=last_modified, response=response)
    answer = answer or response
    answer[HEADER] = "hit"
    return answer
