"""A registrar's comment on an application or an entry: not a decision, so any registrar of
either state may leave one (the other state's registrars, who may not decide, say what they
think this way). It is written to the decision log, naming the commenting state's ministry,
and changes nothing else."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from products.models import Product

from ..models import Action, Application, Decision, User
from ..models import ApplicationState as State
from . import rights
from .common import check_text, lock, required_text
from .errors import TransitionError
from .records import log


def comment(obj: Application | Product, actor: User, text: str) -> Decision:
    text = check_text(required_text(text, "comment", _("Write the comment.")), "comment", 5000)
    with transaction.atomic():
        obj = lock(type(obj), obj.pk, "manufacturer")
        _require_commenter(actor, obj.manufacturer)
        if isinstance(obj, Application):
            if obj.state == State.DRAFT:
                raise TransitionError(_("Application No. %(number)s is a draft; it is the "
                                        "manufacturer's own until submitted.")
                                      % {"number": obj.reference})
            return log(Action.COMMENTED, actor=actor, manufacturer=obj.manufacturer,
                       application=obj, product=obj.product, comment=text, notify=False)
        return log(Action.COMMENTED, actor=actor, manufacturer=obj.manufacturer, product=obj,
                   comment=text, notify=False)


def _require_commenter(actor: Any, manufacturer: Any) -> None:
    """Any registrar who does not represent the manufacturer, of either state."""
    registrar = rights.is_registrar(actor)
    current = rights.role(actor, manufacturer) if registrar else None
    refusal = rights.registrar_refusal(manufacturer, registrar, current)
    if refusal is not None:
        raise refusal
