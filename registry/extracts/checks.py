"""System checks: the signing key must load, and production must not sign with no key."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from . import keys


def signing_key_is_usable(app_configs=None, **kwargs):
    if not keys.is_configured():
        if getattr(settings, "PRODUCTION", False):
            return [checks.Error(
                "No key to sign register extracts with.",
                hint="Set EXTRACT_SIGNING_KEY (base64 seed) or EXTRACT_SIGNING_KEY_FILE; "
                     "`manage.py extract_keys --generate` makes one.",
                id="extracts.E001",
            )]
        return []
    try:
        keys.published_keys()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="extracts.E002")]
    return []


def register():
    checks.register(signing_key_is_usable, "extracts")
