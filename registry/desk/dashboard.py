"""The desk's home: what awaits the signed-in registrar (each count a link to the same rows
in the queue) and how the register's work goes (charts of decisions, time to decision and
the queue's age)."""

import datetime
import statistics
from urllib.parse import urlencode

from django.db.models import Min, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from products.models import Product, ProductStatus

from .. import authorities
from ..models import Action, Application, ApplicationKind, ApplicationState, Decision
from . import charts

EXPIRING_DAYS = 90
MONTHS = 12
AGE_BUCKETS = [(0, 7), (8, 14), (15, 30), (31, 60), (61, None)]


def counts(user, today=None):
    """[(label, count, link)] of the queues the desk opens on."""
    today = today or timezone.localdate()
    queue = reverse("admin:registry_application_changelist")
    applications = Application.objects.filter(submitted_at__isnull=False)
    rows = [(_("My queue"), "mine"), (_("Not taken by anyone"), "unassigned"),
            (_("Overdue"), "overdue"), (_("Awaiting the manufacturer"), "with_manufacturer")]
    result = [(label, applications.queue(name, user).count(),
               f"{queue}?{urlencode({'queue': name})}") for label, name in rows]
    until = today + datetime.timedelta(days=EXPIRING_DAYS)
    expiring = Product.objects.filter(status=ProductStatus.REGISTERED,
                                      valid_until__gte=today, valid_until__lte=until)
    link = reverse("admin:products_product_changelist") + "?" + urlencode({
        "status": ProductStatus.REGISTERED, "valid_until__gte": today.isoformat(),
        "valid_until__lte": until.isoformat()})
    result.append((_("Expiring within 90 days"), expiring.count(), link))
    return result


def months_back(today, count=MONTHS):
    """The first days of the last `count` months, oldest first."""
    first = today.replace(day=1)
    days = []
    for _i in range(count):
        days.append(first)
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return days[::-1]


def _month_label(day):
    return day.strftime("%m.%y")


def decisions_chart(today=None):
    """Applications decided per month, by kind and by the deciding state."""
    today = today or timezone.localdate()
    months = months_back(today)
    start = timezone.make_aware(datetime.datetime.combine(months[0], datetime.time()))
    rows = Decision.objects.filter(
        action__in=[Action.APPROVED, Action.REJECTED], occurred_at__gte=start,
    ).values_list("occurred_at", "application__kind", "authority")
    index = {month: i for i, month in enumerate(months)}
    series = {}
    for occurred_at, kind, authority in rows:
        month = timezone.localtime(occurred_at).date().replace(day=1)
        key = (kind, authority)
        series.setdefault(key, [0] * len(months))[index[month]] += 1
    kinds = dict(ApplicationKind.choices)
    named = [charts.Series(f"{kinds.get(kind, kind)} — {authority or '?'}", values)
             for (kind, authority), values in sorted(series.items())]
    return charts.bar_chart(_("Decisions per month, by kind and state"),
                            [_month_label(m) for m in months], named)


def median_days_chart(today=None):
    """Median days from the first submission to the decision, per month of decision."""
    today = today or timezone.localdate()
    months = months_back(today)
    start = timezone.make_aware(datetime.datetime.combine(months[0], datetime.time()))
    first_submission = Decision.objects.filter(
        application=OuterRef("pk"), action=Action.SUBMITTED).order_by().values("application") \
        .annotate(first=Min("occurred_at")).values("first")
    rows = Application.objects.filter(
        state__in=[ApplicationState.APPROVED, ApplicationState.REJECTED], decided_at__gte=start,
    ).annotate(first=Subquery(first_submission)).values_list("first", "decided_at")
    durations = {month: [] for month in months}
    for first, decided_at in rows:
        if first is not None:
            month = timezone.localtime(decided_at).date().replace(day=1)
            durations[month].append((decided_at - first).total_seconds() / 86400)
    values = [round(statistics.median(days), 1) if days else 0 for days in durations.values()]
    return charts.bar_chart(_("Median days to a decision"), [_month_label(m) for m in months],
                            [charts.Series(str(_("days")), values)], unit=" d",
                            has_data=any(durations.values()))


def ageing_chart(now=None):
    """Applications awaiting a registrar, by days since they were submitted."""
    now = now or timezone.now()
    ages = [(now - submitted).days for submitted in Application.objects.awaiting_registrar()
            .values_list("submitted_at", flat=True) if submitted]
    labels, values = [], []
    for low, high in AGE_BUCKETS:
        labels.append(f"{low}–{high}" if high is not None else f"> {low - 1}")
        values.append(sum(1 for age in ages if age >= low and (high is None or age <= high)))
    return charts.bar_chart(_("Queue ageing (days waiting)"), labels,
                            [charts.Series(str(_("applications")), values)])


RECENT_DECISIONS = 10


def recent_decisions(user):
    """The registrar's own last decisions, from the decision log (the admin's list of recent
    actions knows only what was saved through its forms)."""
    return list(Decision.objects.filter(actor=user)
                .select_related("application", "product", "manufacturer")
                .order_by("-id")[:RECENT_DECISIONS])


def context(user):
    return {
        "desk_decisions": recent_decisions(user),
        "desk_counts": counts(user),
        "desk_charts": [decisions_chart(), median_days_chart(), ageing_chart()],
        "desk_state": authorities.name(getattr(user, "state", "")),
    }
