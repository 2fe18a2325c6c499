"""Request rates of the public API, per client address (anonymous) or per user.

Rates come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] (set from the environment in
settings) and are read on each request, so a changed setting applies at once.
"""

from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle


class RateFromSettings:
    def get_rate(self):
        # A scope without a rate is not throttled.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonThrottle(RateFromSettings, AnonRateThrottle):
    pass


class UserThrottle(RateFromSettings, UserRateThrottle):
    """Signed-in users only: DRF's version also counts anonymous requests by address, which
    the anonymous rate already does (two more cache round trips on every public read)."""

    def get_cache_key(self, request, view):
        if not request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)


class ExportThrottle(RateFromSettings, SimpleRateThrottle):
    """Whole-register exports are heavy: their own, lower rate for everyone."""

    scope = "export"

    def get_cache_key(self, request, view):
        ident = request.user.pk if request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class WriteThrottle(RateFromSettings, SimpleRateThrottle):
    """Changes (POST, PATCH, DELETE) have their own, lower rate per user: each one runs a
    transition of the workflow, with its locks, log entries and e-mail."""

    scope = "write"

    def allow_request(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        ident = request.user.pk if request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
