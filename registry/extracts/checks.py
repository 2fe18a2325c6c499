"""System checks: a configured signing key must load; production must configure one."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from . import certificate, keys


def signing_key_loads(app_configs=None, **kwargs):
    if not keys.is_configured():
        return []
    try:
        keys.published_keys()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="extracts.E002")]
    return []


def pdf_certificate_loads(app_configs=None, **kwargs):
    if not certificate.is_configured():
        return []
    try:
        certificate.credentials()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="extracts.E004")]
    return []


def production_has_a_pdf_certificate(app_configs=None, **kwargs):
    """Deploy check: production signs extracts as PDF documents with a configured certificate."""
    if certificate.is_configured() or not getattr(settings, "PRODUCTION", False):
        return []
    return [checks.Error(
        "No certificate to sign register extracts as PDF documents with.",
        hint="Set EXTRACT_PDF_KEY_FILE and EXTRACT_PDF_CERTIFICATE_FILE (PEM); "
             "`manage.py extract_keys --generate-pdf FILE` makes a key and a signing request.",
        id="extracts.E003",
    )]


def production_has_a_signing_key(app_configs=None, **kwargs):
    """Deploy check: without a configured key, production cannot issue extracts."""
    if keys.is_configured() or not getattr(settings, "PRODUCTION", False):
        return []
    return [checks.Error(
        "No key to sign register extracts with.",
        hint="Set EXTRACT_SIGNING_KEY (base64 seed) or EXTRACT_SIGNING_KEY_FILE; "
             "`manage.py extract_keys --generate` makes one.",
        id="extracts.E001",
    )]


def register():
    checks.register(signing_key_loads, "extracts")
    checks.register(production_has_a_signing_key, "extracts", deploy=True)
    checks.register(pdf_certificate_loads, "extracts")
    checks.register(production_has_a_pdf_certificate, "extracts", deploy=True)
