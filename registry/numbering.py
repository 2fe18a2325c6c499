"""Registry numbers: UR-<year>-<6-digit sequence>, unique, never reused, no gaps in a year.

The counter row is locked for the rest of the caller's transaction, so two approvals at the
same moment take consecutive numbers, and a rolled-back approval gives its number back.
"""

from django.conf import settings
from django.db import transaction

from .models import RegistryCounter


def format_number(prefix, year, sequence):
    return f"{prefix}-{year:04d}-{sequence:06d}"


def hold_counter(year, prefix=None):
    """Lock the year's counter for the rest of the caller's transaction. A step that issues
    numbers after taking other locks (a batch takes its rows for review, writing the decision
    log, before the first number) takes the counter first, in the order a single approval
    does, so that the two never wait for each other in a circle."""
    prefix = prefix or settings.REGISTRY_NUMBER_PREFIX
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Registry numbers are issued inside the approving transaction.")
    RegistryCounter.objects.bulk_create(
        [RegistryCounter(prefix=prefix, year=year)], ignore_conflicts=True
    )
    return RegistryCounter.objects.select_for_update().get(prefix=prefix, year=year)


def next_registry_number(year, prefix=None):
    prefix = prefix or settings.REGISTRY_NUMBER_PREFIX
    counter = hold_counter(year, prefix)
    counter.last_number += 1
    if counter.last_number > 999_999:
        raise OverflowError(f"Registry numbers of {prefix}-{year} are exhausted.")
    counter.save(update_fields=["last_number"])
    return format_number(prefix, year, counter.last_number)
