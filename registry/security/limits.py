"""The largest request body the register reads: REQUEST_MAX_BYTES (a document and a form
around it). A larger body is refused from its declared length, before a byte of it is read
or written to a temporary file. Smaller limits still apply inside: DOCUMENT_MAX_BYTES per
file, Django's DATA_UPLOAD_MAX_MEMORY_SIZE and DATA_UPLOAD_MAX_NUMBER_FIELDS for form fields."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _


def declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return -1


class RequestSizeLimitMiddleware:
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
        return self.get_response(request)
