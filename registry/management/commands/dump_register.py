from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from ...backup.dump import dump


class Command(BaseCommand):
    help = ("Write the whole register (entries, manufacturers, applications, logs, history, "
            "documents' files, counters, accounts, API tokens' digests) to an archive whose "
            "manifest is signed with the register's key (that of the extracts).")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to write (.tar.gz)")
        parser.add_argument(
            "--with-password-hashes", action="store_true",
            help="keep the users' password hashes (keep such an archive like the database)")

    def handle(self, *args, file, with_password_hashes, **options):
        try:
            counts = dump(file, with_password_hashes=with_password_hashes)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{file}: {sum(counts.values())} rows of {len(counts)} tables.")
