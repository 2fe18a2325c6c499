"""The register's daily round (`manage.py run_term_tasks`, or the `run_term_tasks` task on the
database worker): record the entries whose term ended, suspend those whose origin document
lapsed and reinstate those that have a valid one again, and send each reminder once.

Every step reads what is still to be done from the database, so a second run the same day
finds nothing and a missed day is caught up by the next run.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from products.models import Product, ProductStatus, StatusReason
from products.models.entries import LAPSING

from .models import Application, Reminder
from .models.applications import AWAITING_REGISTRAR
from .notifications import queue_expiry_reminder, queue_review_reminder
from .subscriptions import digests
from .workflow import term


@dataclass
class Round:
    expired: int = 0
    suspended: int = 0
    reinstated: int = 0
    expiry_reminders: int = 0
    review_reminders: int = 0
    digests: int = 0


def run(today: datetime.date | None = None) -> Round:
    today = today or timezone.localdate()
    done = Round()
    for pk in _ids(Product.objects.filter(status__in=LAPSING, valid_until__lt=today)):
        done.expired += term.record_expiry(pk, today)
    for pk in _ids(Product.objects.filter(status=ProductStatus.REGISTERED,
                                          origin_document_valid_until__lt=today)):
        done.suspended += term.suspend_for_lapsed_origin(pk, today)
    for pk in _ids(Product.objects.filter(
            status=ProductStatus.SUSPENDED, suspension_reason_code=StatusReason.ORIGIN_EXPIRED,
            origin_document_valid_until__gte=today)):
        done.reinstated += term.reinstate_if_origin_renewed(pk, today=today)
    done.expiry_reminders = remind_of_expiry(today)
    done.review_reminders = remind_of_review_deadlines(today)
    # After the day's expiries and suspensions are recorded, so the digests report them.
    done.digests = digests.send_due()
    return done


def _ids(queryset):
    return list(queryset.order_by("pk").values_list("pk", flat=True))


def remind_of_expiry(today):
    """One e-mail per entry at each of EXPIRY_REMINDER_DAYS before its term ends; a run that
    comes late sends only the most pressing one and counts the others as sent."""
    thresholds = sorted(settings.EXPIRY_REMINDER_DAYS)
    horizon = today + datetime.timedelta(days=thresholds[-1])
    entries = Product.objects.in_status(ProductStatus.REGISTERED, ProductStatus.SUSPENDED,
                                        today=today).filter(valid_until__lte=horizon)
    sent = _sent(Reminder.Kind.EXPIRY, "product_id", entries.values("pk"))
    count = 0
    for product in entries.only("pk", "valid_until"):
        left = (product.valid_until - today).days
        due = [days for days in thresholds if left <= days]
        if not due or due[0] in sent.get((product.pk, product.valid_until), set()):
            continue
        if _note(Reminder.Kind.EXPIRY, due, product=product, about=product.valid_until):
            queue_expiry_reminder(product, left)
            count += 1
    return count


def remind_of_review_deadlines(today):
    """One e-mail per application to its registrar, REVIEW_REMINDER_DAYS before it is due."""
    days = settings.REVIEW_REMINDER_DAYS
    applications = Application.objects.filter(
        state__in=AWAITING_REGISTRAR,
        due_on__lte=today + datetime.timedelta(days=days))
    sent = _sent(Reminder.Kind.REVIEW, "application_id", applications.values("pk"))
    count = 0
    for application in applications.only("pk", "due_on"):
        if days in sent.get((application.pk, application.due_on), set()):
            continue
        if _note(Reminder.Kind.REVIEW, [days], application=application,
                 about=application.due_on):
            queue_review_reminder(application)
            count += 1
    return count


def _sent(kind, key, ids):
    sent = {}
    for owner, about, days in Reminder.objects.filter(
            kind=kind, **{f"{key}__in": ids}).values_list(key, "about", "days"):
        sent.setdefault((owner, about), set()).add(days)
    return sent


def _note(kind, thresholds, *, about, **owner):
    """Write the reminders down with the e-mail queued after the commit; False when a
    concurrent run wrote them first."""
    try:
        with transaction.atomic():
            for days in thresholds:
                Reminder.objects.get_or_create(kind=kind, about=about, days=days, **owner)
            return True
    except IntegrityError:
        return False


@task()
def run_term_tasks():
    """The daily round on the task backend (the database worker in production)."""
    done = run()
    return done.__dict__
