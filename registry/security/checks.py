"""System checks: uploaded files must never be served as they are stored.

whitenoise serves STATIC_ROOT (and, in development, the static folders) to anyone, as files
it would let a browser render; uploads kept inside one of them would bypass the download
views' checks and headers. Nor may any URL of the site map to MEDIA_URL."""

from pathlib import Path

from django.conf import settings
from django.core import checks
from django.urls import Resolver404, resolve


def _inside(path, folder):
    path, folder = Path(path).resolve(), Path(folder).resolve()
    return path == folder or folder in path.parents or path in folder.parents


def media_is_not_served(app_configs=None, **kwargs):
    errors = []
    static = [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]
    if any(folder and _inside(settings.MEDIA_ROOT, folder) for folder in static):
        errors.append(checks.Error(
            "MEDIA_ROOT overlaps a folder whose files are served as static files.",
            hint="Keep uploaded documents outside STATIC_ROOT and the static folders.",
            id="security.E001"))
    try:
        resolve(f"{settings.MEDIA_URL.rstrip('/')}/documents/probe.pdf")
    except Resolver404:
        pass
    else:
        errors.append(checks.Error(
            "A URL pattern serves MEDIA_URL directly.",
            hint="Documents are served only by the download views (products.downloads).",
            id="security.E002"))
    return errors


def register():
    checks.register(media_is_not_served, checks.Tags.security)
