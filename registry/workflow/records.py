"""What every transition leaves behind: a decision log entry and, through it, notifications."""

from __future__ import annotations

from typing import Any

from manufacturers.models import Manufacturer
from products.models import Product

from ..models import Application, Decision, User
from ..models.decisions import MANUFACTURER_ACTIONS
from ..notifications import queue_decision


def log(action: str, *, actor: User | None, manufacturer: Manufacturer,
        application: Application | None = None, product: Product | None = None,
        from_state: str = "", to_state: str = "", comment: str = "",
        data: dict[str, Any] | None = None, notify: bool = True) -> Decision:
    decision = Decision.objects.create(
        action=action, actor=actor if actor and actor.is_authenticated else None,
        manufacturer=manufacturer, application=application, product=product,
        from_state=from_state, to_state=to_state, comment=comment, data=data or {},
        authority=deciding_authority(action, actor, manufacturer),
    )
    if notify:
        queue_decision(decision)
    return decision


def deciding_authority(action: str, actor: User | None, manufacturer: Manufacturer) -> str:
    """The state whose ministry a registrar's decision is taken for: the registrar's own, or
    for a superuser without one, the manufacturer's (whose ministry has the matter)."""
    if action in MANUFACTURER_ACTIONS or actor is None or not actor.is_authenticated:
        return ""
    return getattr(actor, "state", "") or manufacturer.country
