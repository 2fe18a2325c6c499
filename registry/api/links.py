"""Absolute links in API representations: to the public pages and to the API itself."""

from django.urls import reverse

from .. import public_url


def absolute(request, path):
    """`path` on the host the client used; the base is worked out once per request. Without
    a request (webhook deliveries) on the register's public address."""
    if request is None:
        return public_url.without_request(path)
    base = getattr(request, "_register_api_base", None)
    if base is None:
        base = request.build_absolute_uri("/")[:-1]
        request._register_api_base = base
    return base + path


def api_url(request, name, *args):
    return absolute(request, reverse(f"api:{name}", args=args))


def site_url(request, name, *args):
    return absolute(request, reverse(name, args=args))
