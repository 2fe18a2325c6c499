"""Demo entries at the edges of their term, dated from the day the demo register is loaded: one
of INTEGRAL's whose term ended three weeks ago (renewable from "My entries"), one of INTEGRAL's
ending within 30 days, and one of Milandr's whose certificate of origin has lapsed.

Each is set once, as a registrar's correction of the dates in the change feed, and then left to
the daily round, which records the expiry and the suspension as it would in production. A later
load finds the correction and leaves the entry alone.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from products.models import Product
from products.models.entries import OriginDocumentKind
from registry.audit import acting_as
from registry.feed.recording import record
from registry.feed.states import diff, entry_state
from registry.models import User
from registry.notifications import muted
from registry.term import add_years
from registry.workflow import term

COMMENT = "Демонстрационный реестр: сроки записей, чтобы показать окончание срока и продление"
DAY = datetime.timedelta(days=1)


def edges(today):
    """(maker, part number, what changes) of each demo entry at an edge of its term."""
    return [
        ("integral", "IN74HC27AN", full_term(today - 21 * DAY)),
        ("integral", "IN74HC196", full_term(today + 20 * DAY)),
        ("milandr", "К1986ВЕ94GI", {
            "origin_document_kind": OriginDocumentKind.CERTIFICATE,
            "origin_document_number": "СТ-1 № 0042517",
            "origin_document_date": today - 365 * DAY,
            "origin_document_valid_until": today - 10 * DAY,
        }),
    ]


def full_term(end):
    """A term of REGISTRY_TERM_YEARS that ends on `end`."""
    return {"registered_at": add_years(end, -settings.REGISTRY_TERM_YEARS), "valid_until": end}


def load(summary):
    today = timezone.localdate()
    registrar = User.objects.filter(username="registrar").first()
    with muted():
        for maker, part_number, values in edges(today):
            product = Product.objects.filter(manufacturer__slug=maker,
                                             part_number=part_number).first()
            if product is None or product.change_events.filter(comment=COMMENT).exists():
                continue
            before = entry_state(product)
            for name, value in values.items():
                setattr(product, name, value)
            product.full_clean(validate_constraints=False)  # the database checks them
            with acting_as(registrar, COMMENT):  # as the demo registrar's correction
                product.save()
            record("entry.corrected", product=product, comment=COMMENT,
                   changes=diff(before, entry_state(product)))
            term.record_expiry(product.pk, today)
            term.suspend_for_lapsed_origin(product.pk, today)
            summary.count("products", False)
