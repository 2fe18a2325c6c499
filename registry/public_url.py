"""Absolute addresses of the register's pages, for what leaves the site (PDFs, open data).

REGISTER_PUBLIC_URL (https://…) names the register's public address; without it, the address
the request came to is used, and with no request a site-relative path is all there is.
"""

from django.conf import settings


def absolute(path, request=None):
    if settings.REGISTER_PUBLIC_URL:
        return settings.REGISTER_PUBLIC_URL + path
    if request is not None:
        return request.build_absolute_uri(path)
    return path
