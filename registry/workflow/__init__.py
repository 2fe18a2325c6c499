"""The register's workflow: every transition of an application, an entry or a manufacturer's
admission is one function here. The admin, the portal and the API call them and nothing else
changes a state. Which steps each state allows, and to whom, is one table per lifecycle
(steps: `available_steps` for the doors, checked by every transition). Refusals raise
`TransitionError` / `NotAllowed` (or a `ValidationError` for bad input) and change nothing."""

from .applications import (
    add_document,
    approve,
    create_application,
    reject,
    remove_document,
    request_changes,
    resubmit,
    submit,
    take_for_review,
    update_draft,
    withdraw_application,
)
from .catalogue import correct_category
from .comments import comment
from .entries import correct_entry, exclude, register_directly, reinstate, suspend
from .errors import NotAllowed, TransitionError
from .manufacturers import (
    admit,
    admit_from_register,
    apply_for_admission,
    correct_manufacturer,
    refuse_admission,
)
from .steps import Step, available_steps
from .versions import StaleEdit, version_of

__all__ = [
    "NotAllowed",
    "StaleEdit",
    "Step",
    "TransitionError",
    "add_document",
    "admit",
    "admit_from_register",
    "apply_for_admission",
    "approve",
    "available_steps",
    "comment",
    "correct_category",
    "correct_entry",
    "correct_manufacturer",
    "create_application",
    "exclude",
    "refuse_admission",
    "register_directly",
    "reinstate",
    "reject",
    "remove_document",
    "request_changes",
    "resubmit",
    "submit",
    "suspend",
    "take_for_review",
    "update_draft",
    "version_of",
    "withdraw_application",
]
