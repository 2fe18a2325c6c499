"""Absolute addresses of the register's pages, for what leaves the site (PDFs, open data,
e-mails, webhooks).

REGISTER_PUBLIC_URL (https://…) names the register's public address; without it, the address
the request came to is used. What is sent after the request (e-mails are tasks) takes the
address of the request that caused it (`current_base`, kept by `RequestAddressMiddleware`);
with no request at all (a management command), the first named host of ALLOWED_HOSTS.
"""

import contextvars

from django.conf import settings

_request_base = contextvars.ContextVar("register_request_base", default="")


def absolute(path, request=None):
    if settings.REGISTER_PUBLIC_URL:
        return settings.REGISTER_PUBLIC_URL + path
    if request is not None:
        return request.build_absolute_uri(path)
    return path


def current_base():
    """The public address for what is sent now: configured, else the current request's,
    else one of the hosts the site serves."""
    return settings.REGISTER_PUBLIC_URL or _request_base.get() or _served_host()


def _served_host():
    for host in settings.ALLOWED_HOSTS:
        host = host.lstrip(".")
        if host and "*" not in host:
            scheme = "http" if settings.DEBUG else "https"
            return f"{scheme}://{host}"
    return ""


def without_request(path, base=None):
    """`path` on `base` (an address taken earlier, e.g. when an e-mail was queued), else on
    the current public address."""
    return (base or current_base()) + path


def for_email(path, base=None):
    return without_request(path, base)


class RequestAddressMiddleware:
    """Keeps the address the request came to (scheme and host, checked against
    ALLOWED_HOSTS by Django) for what the request sends later."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_base.set(request.build_absolute_uri("/")[:-1])
        try:
            return self.get_response(request)
        finally:
            _request_base.reset(token)
