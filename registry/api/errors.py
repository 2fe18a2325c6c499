"""Error responses of the API: one JSON shape with a machine-readable code and field messages.

    {"code": "invalid", "detail": "…", "fields": {"page_size": [{"code": "max_value",
     "message": "…"}]}}

`code` says what kind of error it is (invalid, unknown_parameter, not_found, throttled, …);
`fields` maps each offending parameter to its problems and is empty when no single field is
to blame; `allowed` lists the accepted query parameters when an unknown one was sent.
"""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    renderer_classes,
    schema,
)
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


class UnknownParameters(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "unknown_parameter"

    def __init__(self, names, allowed):
        self.names = sorted(names)
        self.allowed = sorted(allowed)
        super().__init__(_("Unknown query parameter: %(names)s. Allowed: %(allowed)s.") % {
            "names": ", ".join(self.names), "allowed": ", ".join(self.allowed) or "—"})


class InvalidQuery(exceptions.ValidationError):
    """A query parameter has a value the endpoint cannot use."""

    def __init__(self, field, message, code="invalid"):
        super().__init__({field: [exceptions.ErrorDetail(message, code=code)]})


INVALID_DETAIL = _("The request is not valid: see the messages of its fields.")


def _field_errors(details, prefix=""):
    """{"field": [{"code", "message"}]} from DRF's full details, nested keys dotted."""
    if isinstance(details, list) and details and isinstance(details[0], dict) \
            and "message" not in details[0]:
        details = dict(enumerate(details))
    if isinstance(details, dict) and "message" in details and "code" in details:
        details = [details]
    if isinstance(details, list):
        key = prefix or api_settings.NON_FIELD_ERRORS_KEY
        return {key: [{"code": str(d["code"]), "message": str(d["message"])} for d in details]}
    errors = {}
    for key, value in details.items():
        errors.update(_field_errors(value, f"{prefix}.{key}" if prefix else str(key)))
    return errors


def error_body(exc):
    if isinstance(exc, exceptions.ValidationError):
        return {"code": "invalid", "detail": str(INVALID_DETAIL),
                "fields": _field_errors(exc.get_full_details())}
    codes = exc.get_codes()
    body = {
        "code": codes if isinstance(codes, str) else exc.default_code,
        "detail": str(exc.detail if isinstance(exc.detail, str) else exc.default_detail),
        "fields": {},
    }
    if isinstance(exc, UnknownParameters):
        body["fields"] = {name: [{"code": "unknown", "message": str(_("Unknown parameter."))}]
                          for name in exc.names}
        body["allowed"] = exc.allowed
    return body


def _as_api_exception(exc):
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, SuspiciousOperation):
        # Too many fields or a malformed query string: the client's fault, not ours.
        return exceptions.ParseError(_("The query string cannot be read."), code="bad_request")
    return exc


def exception_handler(exc, context):
    """DRF's handler (status, headers, rollback) with the register's error body."""
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = error_body(exc)
    return response


class ErrorItemSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Machine-readable code of this problem.")
    message = serializers.CharField(help_text="Human-readable message, in the language asked.")


class ErrorSerializer(serializers.Serializer):
    """The body of every error response of the API."""

    code = serializers.CharField(help_text=(
        "Machine-readable kind of error: invalid, unknown_parameter, not_found, throttled, "
        "bad_request, method_not_allowed, not_authenticated, permission_denied …"))
    detail = serializers.CharField(help_text="Human-readable summary, in the language asked.")
    fields = serializers.DictField(
        child=ErrorItemSerializer(many=True),
        help_text="Problems of each query parameter or field; empty when none is to blame.",
    )
    allowed = serializers.ListField(
        child=serializers.CharField(), required=False,
        help_text="The query parameters the endpoint accepts (with code unknown_parameter).",
    )


@api_view(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
@renderer_classes([JSONRenderer])
@authentication_classes([])
@schema(None)
def not_found(request, *args, **kwargs):
    """Any other address under /api/ answers in JSON too."""
    raise exceptions.NotFound(_("There is no such API endpoint."))


def bad_request(request, exception=None):
    """Django's answer to a request refused before any view runs (a Host header the register
    does not serve, for one): under /api/ in the API's error form, elsewhere Django's page.
    It reads nothing of the request but its path, which may be all that can be trusted."""
    if not request.path.startswith("/api/"):
        return defaults.bad_request(request, exception)
    detail = _("The request was refused before it reached the API: its Host header or "
               "another of its headers cannot be accepted.")
    return JsonResponse({"code": "bad_request", "detail": str(detail), "fields": {}},
                        status=400, json_dumps_params={"ensure_ascii": False})
