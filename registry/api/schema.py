"""Pieces of the OpenAPI description that every read endpoint shares.

Every operation documents what it can answer: its body, 304 to a conditional request,
400 to a bad query, 401 to a bad token, 404 for an unknown key, 429 when throttled — all
errors in one shape.
"""

from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import follow_field_source
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse

from .errors import ErrorSerializer

ERROR = OpenApiResponse(ErrorSerializer, description="Error: see code, detail and fields.")
BAD_QUERY = OpenApiResponse(ErrorSerializer, description=(
    "A query parameter is unknown (code unknown_parameter, with the allowed ones) or has a "
    "value the endpoint cannot use (code invalid, with a message per parameter)."))
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Nothing public has this key.")
THROTTLED = OpenApiResponse(ErrorSerializer, description=(
    "Too many requests: wait for the seconds in Retry-After (code throttled)."))
NOT_MODIFIED = OpenApiResponse(description="The copy the client holds is current.")
UNAUTHENTICATED = OpenApiResponse(ErrorSerializer, description=(
    "No token, or a malformed, unknown, expired or revoked one (code not_authenticated, "
    "token_malformed, token_invalid, token_expired, token_revoked)."))
FORBIDDEN = OpenApiResponse(ErrorSerializer, description=(
    "The step is not the token's to take (code out_of_scope), or the workflow does not let "
    "its owner take it (code not_allowed, with the reason); a session without its CSRF token."))
NOT_YOURS = OpenApiResponse(ErrorSerializer, description=(
    "Nothing with this key that the token may see (whether it exists or not)."))
CONFLICT = OpenApiResponse(ErrorSerializer, description=(
    "The state does not allow the step (code invalid_transition, with the workflow's "
    "message); nothing was changed."))
INVALID_BODY = OpenApiResponse(ErrorSerializer, description=(
    "The body is not valid: a message per field (code invalid), paths of the proposed data "
    "under proposal., e.g. proposal.parameters.clock_mhz; or unreadable (code parse_error)."))
TOO_LARGE = OpenApiResponse(ErrorSerializer, description="The body is too large (too_large).")
UNSUPPORTED = OpenApiResponse(ErrorSerializer, description=(
    "The body is not of a type the operation reads (code unsupported_media_type)."))

CONDITIONAL_REQUEST_HEADERS = [
    OpenApiParameter(
        "If-None-Match", OpenApiTypes.STR, OpenApiParameter.HEADER,
        description="ETag of the copy the client holds: 304 when it is still current."),
    OpenApiParameter(
        "If-Modified-Since", OpenApiTypes.STR, OpenApiParameter.HEADER,
        description="HTTP date of the copy the client holds (used without If-None-Match)."),
]


# Filters named after the parameters of the register's categories, which registrars change:
# described by their pattern, since a schema read once cannot list them. Form-style
# exploded, an object's properties are the query parameters themselves.
PARAMETER_FILTERS = OpenApiParameter(
    "parameter_filters",
    {"type": "object", "additionalProperties": {"type": "string", "minLength": 1}},
    style="form", explode=True,
    description=(
        "Filters on the parameters entries carry, named after a parameter key as "
        "/api/v1/categories/ lists them: `p.<key>.min` and `p.<key>.max` bound a number "
        "(both on the same value, at most 6 decimals, in the parameter's unit or followed by "
        "another unit of the same quantity: `36000 kHz`; compared in SI); `p.<key>` picks "
        "values of a choice, a list (every value given must be in it), "
        "yes/no (`yes`, `no`) or text parameter, repeated for several. With `category`, the "
        "keys of that category, its ancestors and its subcategories; without, entries of "
        "every category that declares the key. A key nothing in scope declares, a number "
        "parameter named without a bound (or a choice with one), a lower bound above the "
        "upper one, a bound in a unit of another quantity and a choice value that no entry "
        "has are refused (400, code invalid, with "
        "a message under the parameter's name)."),
    examples=[
        OpenApiExample("A clock range", value={"p.clock_mhz.min": "50",
                                               "p.clock_mhz.max": "100"}),
        OpenApiExample("A clock bound in another unit", value={"p.clock_mhz.min": "36000 kHz"}),
        OpenApiExample("A choice", value={"p.core": "Cortex-M3"}),
    ],
)


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


def responses(ok, *, media_type=None, not_found=False, conditional=True, authenticated=False):
    """The responses of a read operation whose success body is `ok` (JSON by default).
    Any request may bring a token, and a bad one is refused (401) even where none is needed."""
    answers = {(200, media_type) if media_type else 200: ok, 400: BAD_QUERY,
               401: UNAUTHENTICATED, 429: THROTTLED}
    if conditional:
        answers[304] = NOT_MODIFIED
    if not_found:
        answers[404] = NOT_YOURS if authenticated else NOT_FOUND
    if authenticated:
        answers[403] = FORBIDDEN
    return answers


def write_responses(ok=None, *, created=False, conflict=False, not_found=True):
    """The responses of an operation that changes something; `ok` None: 204, no body."""
    success = (201 if created else 200) if ok is not None else 204
    answers = {success: ok if ok is not None else OpenApiResponse(description="Done."),
               400: INVALID_BODY, 401: UNAUTHENTICATED, 403: FORBIDDEN, 413: TOO_LARGE,
               415: UNSUPPORTED, 429: THROTTLED}
    if not_found:
        answers[404] = NOT_YOURS
    if conflict:
        answers[409] = CONFLICT
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
