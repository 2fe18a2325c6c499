"""How often one client may do something costly per window: a counter in the shared cache.

One limiter for every page that needs one (extracts, password reset requests); each caller
names its scope and brings its own window and limit. A fixed window per client is enough to
keep anyone from filling the register's table of extracts or a representative's inbox.

A client is a signed-in user, or an address: an IPv4 address or an IPv6 /64 (one household or
server owns a whole /64). Behind TRUSTED_PROXY_COUNT reverse proxies the address is read from
X-Forwarded-For, counting from the right, where the proxies wrote it.
"""

import ipaddress
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _

from products.bom import MAX_ROWS
from products.forms import BomUploadForm

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int = 0


def client_address(request):
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    return address


def client_key(request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return "address:unknown"
    if address.version == 6:
        if address.ipv4_mapped:
            return f"address:{address.ipv4_mapped}"
        return f"net:{ipaddress.ip_network(f'{address}/64', strict=False).network_address}"
    return f"address:{address}"


def take(request, scope, window, limit, subject=None):
    """Count one use of `scope` by the request's client, or by `subject` (e.g. an e-mail
    address) when given; refuse past `limit` uses in a window of `window` seconds."""
    now = int(time.time())
    who = client_key(request) if subject is None else subject
    key = f"ratelimit:{scope}:{who}:{now // window}"
    try:
        cache.add(key, 0, timeout=window + 60)
        count = cache.incr(key)
    except ValueError:  # the counter expired between add and incr: this is the first use
        cache.set(key, 1, timeout=window + 60)
        count = 1
    except Exception:  # a cache outage must not take the pages it guards down with it
        logger.warning("Rate limit counter unavailable; allowing the request.", exc_info=True)
        return Decision(True)
    if count is None:  # a cache that ignores its errors answers nothing
        return Decision(True)
    if count > limit:
        return Decision(False, retry_after=window - now % window)
    return Decision(True)


BOM_SCOPE = "bom"


def take_bom(request):
    """One bill of materials checked: the page and the API share each client's budget."""
    return take(request, BOM_SCOPE, settings.BOM_RATE_WINDOW, settings.BOM_RATE_LIMIT)


def bom_refusal():
    return _("Too many bills of materials were sent from your address. Please try again "
             "later.")


class BomUploadLimitMiddleware:
    """The public page that checks a whole bill of materials keeps each upload for an hour:
    its POSTs are counted per client (the catalogue's own code does not depend on the
    register's limiter, so the limit is applied here, by the page's URL name)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.method != "POST" or match is None or match.view_name != "bom-upload":
            return None
        decision = take_bom(request)
        if decision.allowed:
            return None
        response = render(request, "products/bom_upload.html",
                          {"form": BomUploadForm(), "max_rows": MAX_ROWS,
                           "gone": bom_refusal()}, status=429)
        response["Retry-After"] = str(decision.retry_after)
        return response
