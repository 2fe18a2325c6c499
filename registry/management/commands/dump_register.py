from django.core.management.base import BaseCommand

from ...backup.dump import dump


class Command(BaseCommand):
    help = ("Write the whole register (entries, manufacturers, applications, logs, history, "
            "documents' files, counters, accounts) to a checksummed archive.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to write (.tar.gz)")
        parser.add_argument(
            "--with-password-hashes", action="store_true",
            help="keep the users' password hashes (keep such an archive like the database)")

    def handle(self, *args, file, with_password_hashes, **options):
        counts = dump(file, with_password_hashes=with_password_hashes)
        self.stdout.write(f"{file}: {sum(counts.values())} rows of {len(counts)} tables.")
