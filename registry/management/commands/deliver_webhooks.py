"""Start the webhook deliveries that are due: retries whose time has come and events not yet
sent. The database task worker schedules retries itself; this command is what takes them with
the immediate backend of development, and a safety net run from cron in production."""

from django.core.management.base import BaseCommand

from registry.api.webhooks import delivery


class Command(BaseCommand):
    help = __doc__.split("\n\n")[0]

    def handle(self, *args, **options):
        due = list(delivery.due())
        for subscription_id in due:
            delivery.deliver.enqueue(subscription_id)
        self.stdout.write(f"deliveries started for {len(due)} subscription(s)")
