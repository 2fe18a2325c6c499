"""Who may take which step: representatives (editors) act for their manufacturer, registrars
decide, and nobody decides on a manufacturer they represent.

The refusals are built by `editor_refusal` / `registrar_refusal` from what is known of the user
(their role for the manufacturer, whether they are a registrar), so the workflow's checks
(`require_*`) and the table of steps (see steps) answer with the same rule and the same words.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from manufacturers.models import Manufacturer, Membership

from .. import authorities
from .errors import NotAllowed, TransitionError


def _active(user: Any) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def role(user: Any, manufacturer: Manufacturer) -> str | None:
    """The user's membership role for the manufacturer, or None."""
    if not _active(user):
        return None
    return Membership.objects.filter(user=user, manufacturer=manufacturer) \
        .values_list("role", flat=True).first()


def can_edit(user: Any, manufacturer: Manufacturer) -> bool:
    return role(user, manufacturer) == Membership.Role.EDITOR


def editable_manufacturers(user: Any) -> QuerySet[Manufacturer]:
    """Admitted manufacturers the user applies for as an editor (registrars included: in the
    portal a registrar is a representative like any other, or none)."""
    if not _active(user):
        return Manufacturer.objects.none()
    return Manufacturer.objects.admitted().filter(
        memberships__user=user, memberships__role=Membership.Role.EDITOR)


def editor_refusal(manufacturer: Manufacturer, current: str | None) -> NotAllowed | None:
    """Why a user with the role `current` may not act for the manufacturer, or None."""
    if current is None:
        return NotAllowed(_("You do not represent %(maker)s.") % {"maker": manufacturer})
    if current != Membership.Role.EDITOR:
        return NotAllowed(_("You may read the applications of %(maker)s but not change them; "
                            "ask an editor of your organisation.") % {"maker": manufacturer})
    return None


def registrar_refusal(manufacturer: Manufacturer | None, registrar: bool,
                      current: str | None, state: str | None = None,
                      joint: bool = False) -> NotAllowed | None:
    """Why a user may not decide on the manufacturer's matters, or None.

    `state`: the registrar's state ("BY", "RU"; "" when their account names none; None for a
    superuser, who administers both). Each state's ministry decides on its own manufacturers,
    both on a matter of a `joint` category."""
    if not registrar:
        return NotAllowed(_("Only a registrar may take this decision."))
    if manufacturer is not None and current is not None:
        return NotAllowed(_("You represent %(maker)s; another registrar must decide on its "
                            "matters.") % {"maker": manufacturer})
    if manufacturer is None or state is None:
        return None
    return state_refusal(manufacturer, state, joint)


def state_refusal(manufacturer: Manufacturer, state: str, joint: bool) -> NotAllowed | None:
    if not state:
        return NotAllowed(_("Your account names no state; an administrator must set the state "
                            "you decide for before you take decisions."))
    if state == manufacturer.country or joint:
        return None
    return NotAllowed(_("Decisions on the matters of %(maker)s are taken by the %(authority)s; "
                        "you may read them and leave a comment.") % {
        "maker": manufacturer, "authority": authorities.name(manufacturer.country)})


def deciding_state(user: Any) -> str | None:
    """The state a registrar decides for; None for a superuser (both)."""
    if user.is_superuser:
        return None
    return getattr(user, "state", "") or ""


def require_editor(user: Any, manufacturer: Manufacturer) -> None:
    refusal = editor_refusal(manufacturer, role(user, manufacturer))
    if refusal is not None:
        raise refusal


def require_admitted(manufacturer: Manufacturer) -> None:
    if manufacturer.status != Manufacturer.Status.ADMITTED:
        raise TransitionError(_("%(maker)s is not admitted to the register; it can apply for "
                                "products once a registrar admits it.") % {"maker": manufacturer})


def is_registrar(user: Any) -> bool:
    return _active(user) and user.is_registrar


def require_registrar(user: Any, manufacturer: Manufacturer | None = None, *,
                      joint: bool = False) -> None:
    registrar = is_registrar(user)
    current = role(user, manufacturer) if registrar and manufacturer is not None else None
    refusal = registrar_refusal(manufacturer, registrar, current,
                                deciding_state(user) if registrar else None, joint)
    if refusal is not None:
        raise refusal
