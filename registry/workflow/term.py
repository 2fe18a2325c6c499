"""What time does to an entry, written down: the end of its term, the lapse of the origin
document it rests on, and the new term a renewal gives.

Reads never wait for these: an entry past `valid_until` is expired on every surface from that
day (products.models.entries.effective_status). These functions record it in the decision log
and the change feed, so that the desk sees who and mirrors see what; each does nothing when
there is nothing (left) to record, so the daily task may run any number of times.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from products.models import Product, ProductStatus, StatusReason
from products.models.entries import LAPSING

from ..audit import acting_as
from ..feed.recording import record
from ..feed.states import diff, entry_state
from ..models import Action, Application, ChangeKind, User
from ..term import term_end
from . import entries
from .common import lock
from .errors import TransitionError
from .records import log


def renewal_window(product: Product) -> tuple[datetime.date, datetime.date] | None:
    """(first day, last day) a renewal may be applied for, or None for an entry without term."""
    if product.valid_until is None:
        return None
    return (product.valid_until - datetime.timedelta(days=settings.RENEWAL_OPENS_DAYS),
            product.valid_until + datetime.timedelta(days=settings.RENEWAL_GRACE_DAYS))


def renewal_refusal(product: Product, today: datetime.date | None = None) -> str | None:
    """Why `product` cannot be renewed today, in words for the representative, or None."""
    today = today or timezone.localdate()
    number = product.registry_number
    if product.status == ProductStatus.EXCLUDED:
        return _("Entry %(number)s is excluded from the register; it cannot be renewed.") % {
            "number": number}
    window, end = renewal_window(product), product.valid_until
    if window is None or end is None:
        return _("Entry %(number)s has no term to renew.") % {"number": number}
    opens, closes = window
    dates = {"number": number, "end": date_format(end),
             "opens": date_format(opens), "closes": date_format(closes),
             "before": settings.RENEWAL_OPENS_DAYS, "after": settings.RENEWAL_GRACE_DAYS}
    if today < opens:
        return _("Entry %(number)s is valid until %(end)s; its renewal can be applied for from "
                 "%(opens)s (%(before)s days before the end of the term).") % dates
    if today > closes:
        return _("The term of entry %(number)s ended on %(end)s and renewal was possible until "
                 "%(closes)s (%(after)s days after it); apply to include the product again."
                 ) % dates
    return None


def require_renewable(product: Product) -> None:
    refusal = renewal_refusal(product)
    if refusal is not None:
        raise TransitionError(refusal)


def renew(application: Application, actor: User, *, comment: str = "") -> Product:
    """An approved renewal: the same registry number, a new term counted from the end of the
    old one; an entry whose expiry was recorded is registered again."""
    product = lock(Product, application.product_id, "manufacturer")
    if product.status == ProductStatus.EXCLUDED:
        raise TransitionError(renewal_refusal(product) or "")
    before = entry_state(product)
    product.valid_until = term_end(product.valid_until)
    if product.status == ProductStatus.EXPIRED:
        product.status = ProductStatus.REGISTERED
    with acting_as(actor, ChangeKind.RENEWED.value):
        product.save()
        entries.copy_documents(application, product)
    record(ChangeKind.RENEWED, actor=actor, product=product, application=application,
           comment=comment, changes=diff(before, entry_state(product)))
    return product


def record_expiry(product_id: int, today: datetime.date | None = None) -> bool:
    """Write down that the entry's term has ended: its status, one decision, one event."""
    today = today or timezone.localdate()
    with transaction.atomic():
        product = lock(Product, product_id, "manufacturer")
        if product.status not in LAPSING or product.valid_until is None \
                or product.valid_until >= today:
            return False
        before, previous = entry_state(product), product.status
        product.status = ProductStatus.EXPIRED
        with acting_as(None, ChangeKind.EXPIRED.value):
            product.save()
        record(ChangeKind.EXPIRED, product=product, changes=diff(before, entry_state(product)))
        log(Action.ENTRY_EXPIRED, actor=None, manufacturer=product.manufacturer, product=product,
            from_state=previous, to_state=product.status,
            data={"valid_until": product.valid_until.isoformat()})
    return True


def suspend_for_lapsed_origin(product_id: int, today: datetime.date | None = None) -> bool:
    """Suspend a registered entry whose origin document is no longer valid."""
    today = today or timezone.localdate()
    with transaction.atomic():
        product = lock(Product, product_id, "manufacturer")
        lapsed = product.origin_document_valid_until
        if product.effective_status != ProductStatus.REGISTERED or lapsed is None \
                or lapsed >= today:
            return False
        reason = _("The origin document %(number)s was valid until %(date)s") % {
            "number": product.origin_document_number or "—", "date": date_format(lapsed)}
        entries.suspend(product, None, reason, reason_code=StatusReason.ORIGIN_EXPIRED,
                        legal_basis=settings.ORIGIN_LAPSE_LEGAL_BASIS, checked=True)
    return True


def reinstate_if_origin_renewed(product_id: int, actor: User | None = None,
                                application: Application | None = None,
                                today: datetime.date | None = None) -> bool:
    """Reinstate an entry suspended for a lapsed origin document once a valid one is on it."""
    today = today or timezone.localdate()
    with transaction.atomic():
        product = lock(Product, product_id, "manufacturer")
        valid = product.origin_document_valid_until
        if product.effective_status != ProductStatus.SUSPENDED \
                or product.suspension_reason_code != StatusReason.ORIGIN_EXPIRED \
                or valid is None or valid < today:
            return False
        entries.reinstate(product, actor, _("A new origin document, valid until %(date)s, "
                                            "was accepted.") % {"date": date_format(valid)},
                          checked=True, application=application)
    return True
