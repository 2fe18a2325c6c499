"""The workflow's refusals as API errors, in the API's one error shape.

- `NotAllowed` (the actor may not take the step): 403, code not_allowed.
- `TransitionError` (not from this state): 409, code invalid_transition.
- `ValidationError` keyed by field: 400 with a message per field. Paths of the proposed data
  (part_number, parameters.clock_mhz, analogs.1.compatibility) are given under `proposal.`,
  the field of the request body that carries it.
"""

from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.settings import api_settings

from ..workflow import NotAllowed, TransitionError

PROPOSAL = "proposal"
# Fields of request bodies themselves; any other path is one of the proposed data.
BODY_FIELDS = {"kind", "manufacturer", "registry_number", "note", "comment", "reason",
               "legal_basis", "decision_number", "decision_date", "reason_code", "file",
               "title"}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = TransitionError.code
    default_detail = _("The step is not possible in the present state.")


@contextmanager
def as_api_errors(proposal=True):
    """`proposal`: field paths other than the body's own are paths of the proposed data."""
    try:
        yield
    except NotAllowed as error:
        raise exceptions.PermissionDenied(error.message, code=NotAllowed.code) from None
    except TransitionError as error:
        raise Conflict(error.message) from None
    except DjangoValidationError as error:
        raise exceptions.ValidationError(field_errors(error, proposal)) from None
    except ObjectDoesNotExist:
        raise exceptions.NotFound() from None


def field_errors(error, proposal=True):
    if not hasattr(error, "error_dict"):
        return {api_settings.NON_FIELD_ERRORS_KEY: _details(error.error_list)}
    return {_key(name, proposal): _details(errors) for name, errors in error.error_dict.items()}


def _key(name, proposal):
    if name == NON_FIELD_ERRORS:
        return api_settings.NON_FIELD_ERRORS_KEY
    if not proposal or name.split(".")[0] in BODY_FIELDS:
        return name
    return f"{PROPOSAL}.{name}"


def _details(errors):
    return [exceptions.ErrorDetail(message, code=item.code or "invalid")
            for item in errors for message in item.messages]
