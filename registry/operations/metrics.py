"""/metrics: the register's backlogs in the Prometheus text format, for internal scrapers only.

Served to addresses in METRICS_ALLOWED_IPS (loopback by default; behind TRUSTED_PROXY_COUNT
proxies, the forwarded client address) or to a request bearing METRICS_TOKEN; to anyone else
it is a page that does not exist (404), so the public site does not even show it is there.
"""

import datetime
import hmac
import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core import checks
from django.db.models import Count, Min, Q
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from products.models import Product
from products.models.entries import ProductStatus

from ..feed.reading import latest_id, public_events
from ..models import Application, WebhookSubscription
from ..models.applications import ApplicationState
from ..security.ratelimit import client_address

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
EXPIRY_HORIZONS = (30, 90)
WAITING = (ApplicationState.SUBMITTED, ApplicationState.UNDER_REVIEW,
           ApplicationState.CHANGES_REQUESTED)
REGISTRARS_QUEUE = (ApplicationState.SUBMITTED, ApplicationState.UNDER_REVIEW)


def allowed(request):
    token = settings.METRICS_TOKEN
    offered = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(offered.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return False
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    networks, _unreadable = allowed_networks(tuple(settings.METRICS_ALLOWED_IPS))
    return any(address in network for network in networks)


@lru_cache(maxsize=4)
def allowed_networks(listed):
    """(networks, entries that are none): a bad entry opens nothing; `check` reports it."""
    networks, unreadable = [], []
    for entry in listed:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            unreadable.append(entry)
    return networks, unreadable


def allowed_ips_are_addresses(app_configs=None, **kwargs):
    _networks, unreadable = allowed_networks(tuple(settings.METRICS_ALLOWED_IPS))
    return [checks.Error(f"METRICS_ALLOWED_IPS holds {entry!r}, not an address or network.",
                         id="operations.E001") for entry in unreadable]


class Exposition:
    """A few gauges written in the text format: HELP and TYPE once, then the samples."""

    def __init__(self):
        self.lines = []

    def gauge(self, name, help_text, samples):
        self.lines += [f"# HELP {name} {help_text}", f"# TYPE {name} gauge"]
        for labels, value in samples:
            rendered = ",".join(f'{key}="{val}"' for key, val in labels.items())
            self.lines.append(f"{name}{{{rendered}}} {value}" if rendered else f"{name} {value}")

    def text(self):
        return "\n".join(self.lines) + "\n"


def _age(moment, now):
    return max(0, int((now - moment).total_seconds())) if moment else 0


def applications(out, now):
    counts = Application.objects.filter(state__in=WAITING).aggregate(
        **{state: Count("pk", filter=Q(state=state)) for state in WAITING},
        oldest=Min("submitted_at", filter=Q(state__in=REGISTRARS_QUEUE)),
    )
    out.gauge("register_applications_pending",
              "Applications waiting: for a registrar (submitted, under_review) or for the "
              "manufacturer (changes_requested).",
              [({"state": state}, counts[state]) for state in WAITING])
    out.gauge("register_application_oldest_pending_age_seconds",
              "Seconds since the oldest application in the registrars' queue was submitted "
              "(0 when the queue is empty).",
              [({}, _age(counts["oldest"], now))])


def expiring_entries(out, today):
    in_force = Product.objects.exclude(status=ProductStatus.EXCLUDED)
    counts = in_force.filter(valid_until__gte=today).aggregate(**{
        f"d{days}": Count("pk", filter=Q(valid_until__lte=today + datetime.timedelta(days=days)))
        for days in EXPIRY_HORIZONS
    })
    out.gauge("register_entries_expiring",
              "Entries in force whose registration ends within the given number of days.",
              [({"within_days": str(days)}, counts[f"d{days}"]) for days in EXPIRY_HORIZONS])
    out.gauge("register_entries_past_validity",
              "Entries still in force after their registration ended (valid_until passed).",
              [({}, in_force.filter(valid_until__lt=today).count())])


def webhooks(out, now):
    latest = latest_id()
    counts = WebhookSubscription.objects.aggregate(
        behind=Count("pk", filter=Q(active=True, cursor__lt=latest)),
        retrying=Count("pk", filter=Q(active=True, attempts__gt=0)),
        stopped=Count("pk", filter=Q(active=False, failed_at__isnull=False)),
        cursor=Min("cursor", filter=Q(active=True, cursor__lt=latest)),
    )
    out.gauge("register_webhook_subscriptions",
              "Webhook subscriptions: active ones with events still to deliver (behind), "
              "active ones retrying a failed delivery, and those stopped after failing.",
              [({"state": state}, counts[state]) for state in ("behind", "retrying", "stopped")])
    oldest = None
    if counts["cursor"] is not None:
        oldest = (public_events().filter(id__gt=counts["cursor"]).order_by("id")
                  .values_list("occurred_at", flat=True).first())
    out.gauge("register_webhook_oldest_undelivered_age_seconds",
              "Seconds since the oldest event not yet delivered to an active subscription "
              "occurred (0 when none waits).",
              [({}, _age(oldest, now))])


@never_cache
@require_GET
def metrics(request):
    if not allowed(request):
        raise Http404
    now = timezone.now()
    out = Exposition()
    applications(out, now)
    expiring_entries(out, timezone.localdate(now))
    webhooks(out, now)
    return HttpResponse(out.text(), content_type=CONTENT_TYPE)


def register_checks():
    checks.register(allowed_ips_are_addresses, "operations")
