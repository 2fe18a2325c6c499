from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExtractsConfig(AppConfig):
    name = "registry.extracts"
    label = "extracts"
    verbose_name = _("Register extracts")

    def ready(self):
        from . import checks

        checks.register()
