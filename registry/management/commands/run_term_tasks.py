"""The register's daily round: record expired entries, suspend those whose origin document
lapsed (and reinstate those with a valid one again), send the reminders of ends of term and
review deadlines and the digests of followed searches. Safe to run more than once a day.
With --enqueue the round is handed to the task backend instead (the database worker runs it)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from registry import term_tasks


class Command(BaseCommand):
    help = __doc__.split("\n\n")[0]

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true",
                            help="Queue the round for the task worker and return.")
        parser.add_argument("--date", help="Run as on this day (YYYY-MM-DD), e.g. to catch up.")

    def handle(self, *args, **options):
        if options["enqueue"]:
            result = term_tasks.run_term_tasks.enqueue()
            self.stdout.write(f"term tasks queued ({result.id})")
            return
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date takes a day as YYYY-MM-DD.") from None
        done = term_tasks.run(today)
        self.stdout.write(
            f"expired {done.expired}, suspended {done.suspended}, reinstated {done.reinstated}, "
            f"reminders of end of term {done.expiry_reminders}, "
            f"of review deadlines {done.review_reminders}, search digests {done.digests}")
