"""E-mail about the workflow, sent as tasks once the deciding transaction has committed.

Registrars hear of submissions and admission requests; a manufacturer's representatives hear
of every decision on its applications, entries and admission, each in the language of their
profile. Messages are rendered from templates/notifications/ through gettext.
"""

import contextvars
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from manufacturers.models import Manufacturer
from manufacturers.roles import REGISTRARS_GROUP

from . import public_url
from .models.decisions import NOTIFIED_ACTIONS

_muted = contextvars.ContextVar("registry_notifications_muted", default=False)


@contextmanager
def muted():
    """No e-mail for what happens inside (the demo register's applications are not news)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def _queue(task_, *args):
    """After the commit, with the public address of now (the request's, if there is one: the
    task runs outside it)."""
    if not _muted.get():
        base = public_url.current_base()
        transaction.on_commit(lambda: task_.enqueue(*args, base))


def queue_decision(decision):
    if decision.action in NOTIFIED_ACTIONS:
        _queue(send_decision, decision.pk)


def queue_submission(application):
    _queue(send_submission, application.pk)


def queue_admission_request(manufacturer):
    _queue(send_admission_request, manufacturer.pk)


def absolute(path, base=None):
    return public_url.for_email(path, base)


def representatives(manufacturer):
    return get_user_model().objects.filter(
        memberships__manufacturer=manufacturer, is_active=True).exclude(email="").distinct()


def registrars(state):
    """The registrars of the ministry that decides on a manufacturer of `state`."""
    return get_user_model().objects.filter(
        groups__name=REGISTRARS_GROUP, is_active=True, state=state).exclude(email="").distinct()


def _send(users, template, context):
    messages = []
    for user in users:
        with translation.override(user.language or settings.LANGUAGE_CODE):
            personal = {**context, "user": user}
            subject = " ".join(render_to_string(f"{template}_subject.txt", personal).split())
            body = render_to_string(f"{template}.txt", personal)
        messages.append(EmailMessage(subject, body, to=[user.email]))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


@task()
def send_decision(decision_id, base=None):
    from .models import Decision

    decision = Decision.objects.select_related(
        "application", "product", "manufacturer").get(pk=decision_id)
    if decision.application_id:
        link = reverse("portal:application", args=[decision.application_id])
    elif decision.product_id:
        link = decision.product.get_absolute_url()
    else:
        link = reverse("portal:home")
    return _send(representatives(decision.manufacturer), "notifications/decision", {
        "decision": decision, "application": decision.application,
        "product": decision.product, "manufacturer": decision.manufacturer,
        "link": absolute(link, base),
    })


@task()
def send_submission(application_id, base=None):
    from .models import Application

    application = Application.objects.select_related("manufacturer", "product", "assigned_to") \
        .get(pk=application_id)
    # A resubmission goes back to the registrar who asked for the changes.
    assignee = application.assigned_to
    users = [assignee] if assignee and assignee.email and assignee.is_active \
        else registrars(application.manufacturer.country)
    return _send(users, "notifications/submission", {
        "application": application,
        "link": absolute(reverse("admin:registry_application_change", args=[application.pk]),
                         base),
    })


@task()
def send_admission_request(manufacturer_id, base=None):
    manufacturer = Manufacturer.objects.get(pk=manufacturer_id)
    return _send(registrars(manufacturer.country), "notifications/admission", {
        "manufacturer": manufacturer,
        "link": absolute(reverse("admin:manufacturers_manufacturer_change",
                                 args=[manufacturer.pk]), base),
    })


def queue_expiry_reminder(product, days):
    _queue(send_expiry_reminder, product.pk, days)


def queue_review_reminder(application):
    _queue(send_review_reminder, application.pk)


@task()
def send_expiry_reminder(product_id, days, base=None):
    from products.models import Product

    product = Product.objects.select_related("manufacturer").get(pk=product_id)
    return _send(representatives(product.manufacturer), "notifications/expiry", {
        "product": product, "days": days,
        "link": absolute(reverse("portal:entries") + "?term=expiring", base),
    })


@task()
def send_review_reminder(application_id, base=None):
    from .models import Application

    application = Application.objects.select_related("manufacturer", "product", "assigned_to") \
        .get(pk=application_id)
    assignee = application.assigned_to
    users = [assignee] if assignee and assignee.email and assignee.is_active \
        else registrars(application.manufacturer.country)
    return _send(users, "notifications/review_due", {
        "application": application,
        "link": absolute(reverse("admin:registry_application_change", args=[application.pk]),
                         base),
    })


# --- Catalogue batches: one message for the whole batch, not one per row -----------------------

def queue_batch_submission(batch):
    _queue(send_batch_submission, batch.pk)


def queue_batch_decision(batch, actor_id):
    _queue(send_batch_decision, batch.pk, actor_id)


def _batch_counts(batch):
    from django.db.models import Count

    return dict(batch.rows.filter(application__isnull=False)
                .values_list("application__state").annotate(n=Count("pk"))
                .values_list("application__state", "n"))


@task()
def send_batch_submission(batch_id, base=None):
    from .models import Batch

    batch = Batch.objects.select_related("manufacturer").get(pk=batch_id)
    return _send(registrars(batch.manufacturer.country), "notifications/batch_submission", {
        "batch": batch, "count": batch.rows.filter(application__isnull=False).count(),
        "link": absolute(reverse("admin:registry_batch_change", args=[batch.pk]), base),
    })


@task()
def send_batch_decision(batch_id, actor_id=None, base=None):
    from .models import ApplicationState, Batch

    batch = Batch.objects.select_related("manufacturer").get(pk=batch_id)
    counts = _batch_counts(batch)
    return _send(representatives(batch.manufacturer), "notifications/batch_decision", {
        "batch": batch,
        "approved": counts.get(ApplicationState.APPROVED, 0),
        "changes_requested": counts.get(ApplicationState.CHANGES_REQUESTED, 0),
        "rejected": counts.get(ApplicationState.REJECTED, 0),
        "awaiting": sum(counts.get(s, 0) for s in (ApplicationState.SUBMITTED,
                                                   ApplicationState.UNDER_REVIEW)),
        "link": absolute(reverse("portal:batch", args=[batch.pk]), base),
    })
