from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from ...backup.archive import ArchiveError
from ...backup.restore import RestoreError, restore


class Command(BaseCommand):
    help = ("Restore an archive written by dump_register into an empty, migrated database; "
            "a damaged archive is refused before anything is written.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to read")

    def handle(self, *args, file, **options):
        try:
            counts = restore(file)
        except (ArchiveError, RestoreError, ImproperlyConfigured) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{file}: {sum(counts.values())} rows of {len(counts)} tables "
                          "restored.")
