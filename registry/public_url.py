"""Absolute addresses of the register's pages, for what leaves the site (PDFs, open data,
e-mails).

REGISTER_PUBLIC_URL (https://…) names the register's public address; without it, the address
the request came to is used, and with no request a site-relative path is all there is —
except in e-mails, which fall back to the development server's address.
"""

from django.conf import settings


def absolute(path, request=None):
    if settings.REGISTER_PUBLIC_URL:
        return settings.REGISTER_PUBLIC_URL + path
    if request is not None:
        return request.build_absolute_uri(path)
    return path


DEVELOPMENT_ADDRESS = "http://127.0.0.1:8000"


def without_request(path):
    """What is sent outside any request (e-mails, webhooks): the configured address, or
    `make run`'s."""
    return (settings.REGISTER_PUBLIC_URL or DEVELOPMENT_ADDRESS) + path


def for_email(path):
    return without_request(path)
