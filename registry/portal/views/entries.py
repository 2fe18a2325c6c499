"""A representative's entries: every entry of the manufacturers they represent, with its status
and term, filterable, and the applications each allows (amend, renew, withdraw) as links that
open the application form already filled in for that entry."""

import datetime

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, Subquery
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from manufacturers.models import Manufacturer
from products.models import Product, ProductStatus
from products.models.entries import LAPSING

from ...models import Application, ApplicationKind
from ...models.applications import OPEN_STATES
from ...workflow import rights
from ...workflow.term import renewal_refusal

PAGE_SIZE = 50


class EntryFilterForm(forms.Form):
    TERMS = [("", _("any term")), ("expiring", _("ending within 90 days")),
             ("renewable", _("renewal open")), ("expired", _("ended"))]

    q = forms.CharField(label=_("Part or registry number"), required=False, max_length=100)
    manufacturer = forms.ModelChoiceField(Manufacturer.objects.none(), required=False,
                                          label=_("Manufacturer"), empty_label=_("all"))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("all")), *ProductStatus.choices])
    term = forms.ChoiceField(label=_("Term"), required=False, choices=TERMS)

    def __init__(self, *args, makers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manufacturer"].queryset = makers

    def apply(self, entries, today):
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        if data["q"]:
            text = data["q"].strip()
            entries = entries.filter(Q(part_number__icontains=text)
                                     | Q(registry_number__icontains=text))
        if data["manufacturer"]:
            entries = entries.filter(manufacturer=data["manufacturer"])
        if data["status"]:
            entries = entries.in_status(data["status"], today=today)
        return entries.filter(**term_filter(data["term"], today))


def term_filter(term, today):
    days = datetime.timedelta
    if term == "expiring":
        return {"status__in": LAPSING, "valid_until__gte": today,
                "valid_until__lte": today + days(days=90)}
    if term == "renewable":
        return {"status__in": [*LAPSING, ProductStatus.EXPIRED],
                "valid_until__lte": today + days(days=settings.RENEWAL_OPENS_DAYS),
                "valid_until__gte": today - days(days=settings.RENEWAL_GRACE_DAYS)}
    if term == "expired":
        return {"valid_until__lt": today, "status__in": [*LAPSING, ProductStatus.EXPIRED]}
    return {}


def represented_entries(user):
    """Entries of the manufacturers `user` represents, each with its open application."""
    open_application = Application.objects.filter(
        product=OuterRef("pk"), state__in=OPEN_STATES).values("pk")[:1]
    return (Product.objects.filter(manufacturer__memberships__user=user)
            .select_related("manufacturer", "category")
            .annotate(open_application=Subquery(open_application))
            .order_by("valid_until", "registry_number"))


def expiring_soon(user, today=None):
    """Entries that end their term within 90 days or have ended it with renewal still open,
    without an application in progress: the portal's banner."""
    today = today or timezone.localdate()
    return represented_entries(user).filter(
        status__in=[*LAPSING, ProductStatus.EXPIRED], open_application__isnull=True,
        valid_until__lte=today + datetime.timedelta(days=max(settings.EXPIRY_REMINDER_DAYS)),
        valid_until__gte=today - datetime.timedelta(days=settings.RENEWAL_GRACE_DAYS))


def application_link(kind, product):
    return reverse("portal:new") + "?" + urlencode({
        "kind": kind, "manufacturer": product.manufacturer_id,
        "registry_number": product.registry_number})


def actions_of(product, editable, today):
    """(label, link) of each application the entry allows now."""
    if product.manufacturer_id not in editable or product.open_application \
            or product.status == ProductStatus.EXCLUDED:
        return []
    actions = []
    if product.effective_status in LAPSING:
        actions.append((_("Amend"), application_link(ApplicationKind.AMEND, product)))
    if renewal_refusal(product, today) is None:
        actions.append((_("Renew"), application_link(ApplicationKind.RENEW, product)))
    actions.append((_("Withdraw"), application_link(ApplicationKind.WITHDRAW, product)))
    return actions


@login_required
def entry_list(request):
    today = timezone.localdate()
    makers = Manufacturer.objects.filter(memberships__user=request.user).order_by(
        "short_name_ru")
    editable = set(rights.editable_manufacturers(request.user).values_list("pk", flat=True))
    form = EntryFilterForm(request.GET or None, makers=makers)
    page = Paginator(form.apply(represented_entries(request.user), today), PAGE_SIZE) \
        .get_page(request.GET.get("page"))
    for product in page.object_list:
        product.actions = actions_of(product, editable, today)
        product.days_left = product.days_to_expiry(today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "portal/entries.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "expiring": expiring_soon(request.user, today),
    })
