"""Write the public register as open data: JSON Lines, CSV, a daily delta and a manifest."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from registry.opendata import writer


def parse_since(text):
    """A date (midnight in the register's time zone) or an ISO 8601 moment."""
    try:
        moment = datetime.datetime.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(
            f"--since takes a date or a moment in ISO 8601 (2026-03-01, "
            f"2026-03-01T12:00:00+03:00), not {text!r}.") from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def start_of_previous_day(now):
    """Daily runs overlap by up to a day, and so never leave a gap between two deltas."""
    yesterday = timezone.localtime(now).date() - datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(yesterday, datetime.time.min))


class Command(BaseCommand):
    help = ("Write the whole public register as JSON Lines and CSV into --out, with the "
            "entries changed since the previous day (or --since) and a manifest; "
            "see docs/open-data.md.")

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, metavar="DIR", help="output directory")
        parser.add_argument(
            "--since", metavar="DATE",
            help="the delta holds entries changed from this date or moment on "
                 "(default: the start of the previous day)")

    def handle(self, *args, **options):
        generated_at = timezone.now()
        since = (parse_since(options["since"]) if options["since"]
                 else start_of_previous_day(generated_at))
        if since > generated_at:
            raise CommandError("--since lies in the future.")
        try:
            manifest = writer.export(options["out"], since, generated_at)
        except OSError as error:
            raise CommandError(f"Cannot write to {options['out']}: {error}") from None
        self.stdout.write(
            f"Wrote {manifest['full']['entries']} entries ({', '.join(manifest['full']['files'])})"
            f" and {manifest['delta']['entries']} changed since {manifest['delta']['since']}"
            f" ({', '.join(manifest['delta']['files'])}) to {options['out']}; "
            f"manifest in {writer.MANIFEST}.")
