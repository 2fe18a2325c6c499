from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class ProductsConfig(AppConfig):
    name = "products"
    verbose_name = _("Register entries")

    def ready(self):
        from . import caching, textsearch

        connection_created.connect(textsearch.register_sqlite_functions,
                                   dispatch_uid="products.sqlite_functions")
        caching.connect_signals()
