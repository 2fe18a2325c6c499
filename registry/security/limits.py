"""What every request must be before any view sees it.

- Its body is at most REQUEST_MAX_BYTES (a document and a form around it): a larger one is
  refused from its declared length, before a byte of it is read or written to a temporary
  file. Smaller limits still apply inside: DOCUMENT_MAX_BYTES per file, Django's
  DATA_UPLOAD_MAX_MEMORY_SIZE and DATA_UPLOAD_MAX_NUMBER_FIELDS for form fields.
- Its address holds no NUL character: no page of the register has one in its address, and
  PostgreSQL refuses one in any text it is asked to compare, so a registry number or slug
  with one would reach a lookup and fail there (404 here instead). Parameters with a NUL are
  refused by the forms that read them (products.fields for lookups, CharField's validator).

Refusals under /api/ have the API's JSON error shape (registry.api.errors).
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
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
            return refusal(request, 400, "invalid", _("The request declares an invalid length."))
        if length > settings.REQUEST_MAX_BYTES:
            return refusal(request, 413, "too_large", _(
                "The request is too large: at most %(limit)s MB are accepted.")
                % {"limit": settings.REQUEST_MAX_BYTES // (1024 * 1024)})
        if "\x00" in request.path:
            return refusal(request, 404, "not_found", _("There is no such page."))
        return self.get_response(request)


def refusal(request, status, code, message):
    if request.path.startswith("/api/"):
        return JsonResponse({"code": code, "detail": message, "fields": {}}, status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")

