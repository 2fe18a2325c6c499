"""Refusals of the workflow. Whatever refuses, nothing has been changed.

- `TransitionError`: the object is not in a state that allows the step (HTTP 409 in the API).
- `NotAllowed`: the actor has no right to take the step (HTTP 403).
- Missing or bad input (a comment, a reason, the proposed data) is a Django `ValidationError`
  keyed by field (HTTP 400), like any form error.
"""

from typing import Any


class TransitionError(Exception):
    code = "invalid_transition"

    def __init__(self, message: Any) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class NotAllowed(TransitionError):
    code = "not_allowed"
