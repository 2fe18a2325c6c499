"""What every request must be before any view sees it.

- Its body is at most REQUEST_MAX_BYTES (a document and a form around it): a larger one is
  refused from its declared length, before a byte of it is read or written to a temporary
  file. Smaller limits still apply inside: DOCUMENT_MAX_BYTES per file, Django's
  DATA_UPLOAD_MAX_MEMORY_SIZE and DATA_UPLOAD_MAX_NUMBER_FIELDS for form fields.
- Its address, query and form fields hold no NUL character. None is ever valid in the
  register, and PostgreSQL refuses one in any text it is asked to compare: a NUL reaching a
  lookup (a slug in a filter, a registry number in an address) would be a server error.
"""

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _


def declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return -1


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = declared_length(request)
        if length < 0:
            return HttpResponse(_("The request declares an invalid length."), status=400,
                                content_type="text/plain; charset=utf-8")
        if length > settings.REQUEST_MAX_BYTES:
            return HttpResponse(
                _("The request is too large: at most %(limit)s MB are accepted.")
                % {"limit": settings.REQUEST_MAX_BYTES // (1024 * 1024)},
                status=413, content_type="text/plain; charset=utf-8")
        if _carries_nul(request):
            return HttpResponse(_("The request contains a NUL character, which no field of "
                                  "the register accepts."), status=400,
                                content_type="text/plain; charset=utf-8")
        return self.get_response(request)


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _carries_nul(request):
    sources = [request.GET]
    if request.method == "POST" and request.content_type in FORM_TYPES:
        sources.append(request.POST)  # a malformed body raises here: Django answers 400
    return "\x00" in request.path or any(
        "\x00" in key or any("\x00" in value for value in values)
        for source in sources for key, values in source.lists())
