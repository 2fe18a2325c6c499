from django.core.management import call_command
from django.core.management.base import BaseCommand

from registry.demo import loader


class Command(BaseCommand):
    help = "Load the demo register (real manufacturers and products); safe to run again."

    def handle(self, *args, **options):
        summary = loader.load()
        # The API's stored documents of the entries just loaded or changed, in one pass.
        call_command("rebuild_entry_documents", "--outdated", verbosity=0)
        created = ", ".join(f"{k} {v}" for k, v in summary.created.items()) or "nothing"
        updated = ", ".join(f"{k} {v}" for k, v in summary.updated.items()) or "nothing"
        self.stdout.write(f"Demo register: created {created}; updated {updated}.")
        self.stdout.write("")
        self.stdout.write("Demo logins (http://127.0.0.1:8000):")
        for username, role, *_ in loader.DEMO_USERS:
            self.stdout.write(f"  {username:<13} {role}")
        if summary.password:
            self.stdout.write(f"Password: {summary.password}   ({summary.password_note})")
        else:
            self.stdout.write(f"Password: {summary.password_note}")
