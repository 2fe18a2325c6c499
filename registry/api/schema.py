"""Pieces of the OpenAPI description that every read endpoint shares.

Every operation documents what it can answer: its body, 304 to a conditional request,
400 to a bad query, 404 for an unknown key, 429 when throttled — all errors in one shape.
"""

from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import follow_field_source
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from .errors import ErrorSerializer

ERROR = OpenApiResponse(ErrorSerializer, description="Error: see code, detail and fields.")
BAD_QUERY = OpenApiResponse(ErrorSerializer, description=(
    "A query parameter is unknown (code unknown_parameter, with the allowed ones) or has a "
    "value the endpoint cannot use (code invalid, with a message per parameter)."))
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Nothing public has this key.")
THROTTLED = OpenApiResponse(ErrorSerializer, description=(
    "Too many requests: wait for the seconds in Retry-After (code throttled)."))
NOT_MODIFIED = OpenApiResponse(description="The copy the client holds is current.")

CONDITIONAL_REQUEST_HEADERS = [
    OpenApiParameter(
        "If-None-Match", OpenApiTypes.STR, OpenApiParameter.HEADER,
        description="ETag of the copy the client holds: 304 when it is still current."),
    OpenApiParameter(
        "If-Modified-Since", OpenApiTypes.STR, OpenApiParameter.HEADER,
        description="HTTP date of the copy the client holds (used without If-None-Match)."),
]


def validator_headers(last_modified=True):
    """ETag (and Last-Modified) sent with 200 and 304."""
    headers = [OpenApiParameter(
        "ETag", OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200, 304], required=True,
        description="Validator of this representation, for If-None-Match.")]
    if last_modified:
        headers.append(OpenApiParameter(
            "Last-Modified", OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200, 304],
            description="When the data shown last changed, for If-Modified-Since."))
    return headers


def responses(ok, *, media_type=None, not_found=False, conditional=True):
    """The responses of a read operation whose success body is `ok` (JSON by default)."""
    answers = {(200, media_type) if media_type else 200: ok, 400: BAD_QUERY, 429: THROTTLED}
    if conditional:
        answers[304] = NOT_MODIFIED
    if not_found:
        answers[404] = NOT_FOUND
    return answers


def parameters(*extra, conditional=True, last_modified=True):
    found = list(extra)
    if conditional:
        found += CONDITIONAL_REQUEST_HEADERS + validator_headers(last_modified)
    return found


class FilterExtension(DjangoFilterExtension):
    """django-filter parameters with their lengths; a filter on `manufacturer__slug`
    whose to_field_name is also "slug" is understood as naming the slug once."""

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field)
        max_length = filter_field.extra.get("max_length")
        for parameter in parameters:
            schema = parameter["schema"]
            schema = schema["items"] if schema.get("type") == "array" else schema
            if schema.get("type") == "string" and "enum" not in schema:
                schema["minLength"] = 1  # blank values are refused
                if max_length:
                    schema["maxLength"] = max_length
        return parameters

    def _get_model_field(self, filter_field, model):
        path = (filter_field.field_name or "").split("__")
        to_field_name = filter_field.extra.get("to_field_name")
        if not path[0]:
            return None
        if to_field_name and path[-1] != to_field_name:
            path.append(to_field_name)
        return follow_field_source(model, path, emit_warnings=False)
