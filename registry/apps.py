from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Register")

    def ready(self):
        from . import audit, roles
        from .api import stored, webhooks
        from .feed.signals import event_recorded
        from .operations import metrics, requestid
        from .security import checks, sessions

        requestid.install()
        metrics.register_checks()
        audit.connect()
        sessions.connect()
        checks.register()
        post_migrate.connect(roles.ensure_groups, sender=self)
        event_recorded.connect(stored.render_on_event, dispatch_uid="stored-documents")
        event_recorded.connect(webhooks.queue_deliveries, dispatch_uid="webhooks")
