"""What every request must be before any view sees it.

- Its body is at most REQUEST_MAX_BYTES (a document and a form around it): a larger one is
  refused from its declared length, before a byte of it is read or written to a temporary
  file. Smaller limits still apply inside: DOCUMENT_MAX_BYTES per file, Django's
  DATA_UPLOAD_MAX_MEMORY_SIZE and DATA_UPLOAD_MAX_NUMBER_FIELDS for form fields.
- Its address, query and form fields hold no NUL character. None is ever valid in the
  register, and PostgreSQL refuses one in any text it is asked to compare: a NUL reaching a
  lookup (a slug in a filter, a registry number in an address) would be a server error. An
  address with one names nothing (404); a parameter with one is bad input (400).

Refusals under /api/ have the API's JSON error shape (registry.api.errors).
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


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
            return refusal(request, 400, "invalid", _("The request declares an invalid length."))
        if length > settings.REQUEST_MAX_BYTES:
            return refusal(request, 413, "too_large", _(
                "The request is too large: at most %(limit)s MB are accepted.")
                % {"limit": settings.REQUEST_MAX_BYTES // (1024 * 1024)})
        if "\x00" in request.path:
            return refusal(request, 404, "not_found", _("There is no such page."))
        if _parameters_carry_nul(request):
            return refusal(request, 400, "invalid", _(
                "The request contains a NUL character, which no field of the register "
                "accepts."))
        return self.get_response(request)


def refusal(request, status, code, message):
    if request.path.startswith("/api/"):
        return JsonResponse({"code": code, "detail": message, "fields": {}}, status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _parameters_carry_nul(request):
    sources = [request.GET]
    if request.method == "POST" and request.content_type in FORM_TYPES:
        sources.append(request.POST)  # a malformed body raises here: Django answers 400
    return any("\x00" in key or any("\x00" in value for value in values)
               for source in sources for key, values in source.lists())
