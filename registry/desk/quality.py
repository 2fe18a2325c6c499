"""The data-quality report: entries in force that lack what a complete entry has — parameters,
a production chain, TN VED / OKPD2 codes — or whose origin document has lapsed. Shown on the
desk and exported as CSV for whoever fixes them."""

import csv
import io

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from products.models import Product, ProductStatus

IN_FORCE = [ProductStatus.REGISTERED, ProductStatus.SUSPENDED]


def problems(today=None):
    """[(code, label, queryset)] of each problem, entries in force only."""
    today = today or timezone.localdate()
    entries = Product.objects.filter(status__in=IN_FORCE)
    return [
        ("no_parameters", _("without parameters"), entries.filter(parameters__isnull=True)),
        ("no_production_chain", _("without a production chain"),
         entries.filter(production_stages__isnull=True)),
        ("no_codes", _("without a TN VED or OKPD2 code"),
         entries.filter(Q(tnved_code="") | Q(okpd2_code=""))),
        ("origin_document_expired", _("with an expired origin document"),
         entries.filter(origin_document_valid_until__lt=today)),
    ]


def summary(today=None):
    return [(code, label, queryset.distinct().count())
            for code, label, queryset in problems(today)]


def csv_text(today=None):
    """One row per entry and problem."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["problem", "registry_number", "part_number", "manufacturer", "country",
                     "status", "tnved_code", "okpd2_code", "origin_document_valid_until"])
    for code, _label, queryset in problems(today):
        for entry in queryset.distinct().select_related("manufacturer").order_by(
                "registry_number"):
            writer.writerow([
                code, entry.registry_number, entry.part_number, entry.manufacturer.short_name_ru,
                entry.manufacturer.country, entry.status, entry.tnved_code, entry.okpd2_code,
                entry.origin_document_valid_until or ""])
    return out.getvalue()
