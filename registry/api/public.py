"""What the API shows: only public data, through the models' one `restrict` method.

The public sees admitted manufacturers and the entries of admitted manufacturers; a
signed-in representative or registrar also sees what `restrict` grants them.
"""

import functools

from django.contrib.auth.models import AnonymousUser

from manufacturers.models import Manufacturer
from products.models import Product


def manufacturers(user):
    if not user.is_authenticated:
        return _the_publics()[0].all()
    return Manufacturer.objects.restrict(user)


def products(user):
    if not user.is_authenticated:
        return _the_publics()[1].all()
    return _products(user)


def _products(user):
    return Product.objects.restrict(user).filter(
        manufacturer__in=Manufacturer.objects.restrict(user))


@functools.cache
def _the_publics():
    """The public's querysets, built once and cloned for each request (building the
    entries' one, with its subquery of manufacturers, took a millisecond of every list)."""
    public = AnonymousUser()
    return Manufacturer.objects.restrict(public), _products(public)
