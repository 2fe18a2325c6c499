"""Registry numbers: UR-<year>-<6-digit sequence>, unique, never reused, no gaps in a year.

The counter row is locked for the rest of the caller's transaction, so two approvals at the
same moment take consecutive numbers, and a rolled-back approval gives its number back.
Because that lock queues every other approval, an approval takes it last: the entry is
written first under a placeholder number of its own (`placeholder_number`), its rows after
it, and `assign_registry_number` gives it the real number in one UPDATE just before the
transaction ends.
"""

import string

from django.conf import settings
from django.db import transaction

from products.models import Product

from .models import RegistryCounter

PLACEHOLDER_YEAR = 0  # no real number has year 0000


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


def placeholder_number(key):
    """A number no real entry has and no other transaction uses at the same time: the year
    0000 and a prefix spelling `key` (the application's id) in letters. It satisfies the
    number's format and uniqueness, so the entry can be written before the number is known;
    it never leaves the approving transaction."""
    letters, key = "", int(key)
    while True:
        key, digit = divmod(key, 26)
        letters = string.ascii_uppercase[digit] + letters
        if not key:
            break
    if len(letters) > 10:
        raise OverflowError("No placeholder number for so large a key.")
    return format_number(letters, PLACEHOLDER_YEAR, 0)


def assign_registry_number(product, year, prefix=None):
    """Give `product` (written under a placeholder) the next number: the counter's lock is
    taken here, so it is held only from this moment to the end of the transaction."""
    number = next_registry_number(year, prefix)
    Product.objects.filter(pk=product.pk).update(registry_number=number)
    product.registry_number = number
    return number
