"""What the API shows: only public data, through the models' one `restrict` method.

The public sees admitted manufacturers and the entries of admitted manufacturers; a
signed-in representative or registrar also sees what `restrict` grants them.
"""

from manufacturers.models import Manufacturer
from products.models import Product


def manufacturers(user):
    return Manufacturer.objects.restrict(user)


def products(user):
    return Product.objects.restrict(user).filter(manufacturer__in=manufacturers(user))
