from django.core.management.base import BaseCommand, CommandError

from registry.audit import acting_as
from registry.synthetic.load import generate


class Command(BaseCommand):
    help = ("Add a synthetic register of N entries (reproducible from --seed) for benchmarks: "
            "COPY on PostgreSQL, batched inserts on SQLite.")

    def add_arguments(self, parser):
        parser.add_argument("--entries", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--workers", type=int, default=None,
            help="processes making the rows (default: one per core from 50,000 entries, "
                 "else none); the register is the same whatever the number")

    def handle(self, *args, entries, seed, workers, **options):
        if entries < 1:
            raise CommandError("--entries must be positive.")
        if workers is not None and workers < 0:
            raise CommandError("--workers cannot be negative.")

        def report(done, total, seconds):
            rate = done / seconds if seconds else 0
            self.stdout.write(f"{done:>10,} / {total:,} entries  {rate:,.0f}/s", ending="\r")
            self.stdout.flush()

        with acting_as(None, reason="synthetic register"):
            seconds = generate(entries, seed, report, workers)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(
            f"Generated {entries:,} entries in {seconds:.1f} s "
            f"({entries / seconds:,.0f} entries/s)."))
