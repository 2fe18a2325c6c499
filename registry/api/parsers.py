"""Request bodies of the API: JSON no larger than a proposal needs, and multipart uploads
(documents) no larger than the document limit."""

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import JSONParser, MultiPartParser

from .negotiation import JSONOnly

MAX_JSON_BYTES = 1024 * 1024
# Room for the form's other fields and the multipart boundaries around the file.
MULTIPART_OVERHEAD = 64 * 1024


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"
    default_detail = _("The request body is too large.")


def refuse_beyond(request, limit):
    """Refuse a body announced as larger than `limit` before reading any of it."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise exceptions.ParseError(_("The Content-Length header is not a number.")) from None
    if length > limit:
        raise PayloadTooLarge(_("The request body is %(size)s; the limit is %(limit)s.") % {
            "size": filesizeformat(length), "limit": filesizeformat(limit)})


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        request = parser_context["request"]
        refuse_beyond(request, MAX_JSON_BYTES)
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:  # the decoder recurses once per level of nesting
            raise exceptions.ParseError(_("The JSON is nested too deeply.")) from None


class BoundedMultiPartParser(MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        refuse_beyond(parser_context["request"],
                      settings.DOCUMENT_MAX_BYTES + MULTIPART_OVERHEAD)
        return super().parse(stream, media_type, parser_context)


class JSONAnswers(JSONOnly):
    """Bodies are read by their declared type (415 for others); answers are always JSON."""

    def select_parser(self, request, parsers):
        return DefaultContentNegotiation().select_parser(request, parsers)
