"""Render the stored document of every register entry in every language (registry.api.stored);
with --outdated only those missing or no longer current (an entry or manufacturer saved
outside the workflow, a lapsed term, other code); with --verify check the stored documents
against the serializer without writing: each one missing, different or outdated is listed,
and the command fails if there is any."""

from itertools import islice

from django.core.management.base import BaseCommand, CommandError
from django.db import reset_queries, transaction

from products.models import Product
from registry.api import stored
from registry.models import EntryDocument
from registry.synthetic.writer import analyze


def batched(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Command(BaseCommand):
    help = __doc__.split("\n\n")[0]

    def add_arguments(self, parser):
        parser.add_argument("--verify", action="store_true",
                            help="Only compare the stored documents with the serializer.")
        parser.add_argument("--outdated", action="store_true",
                            help="Render only the documents missing or no longer current.")
        parser.add_argument("--batch", type=int, default=stored.BATCH,
                            help="Entries per transaction.")

    def handle(self, *args, **options):
        if options["batch"] < 1:
            raise CommandError("--batch takes a positive number.")
        entries = Product.objects.all()
        if options["verify"]:
            wrong = 0
            for number, language, problem in stored.verify(entries, options["batch"]):
                wrong += 1
                self.stdout.write(f"{number} [{language}]: {problem}")
            if wrong:
                raise CommandError(f"{wrong} stored documents are missing or outdated.")
            self.stdout.write(f"{entries.count()} entries: every stored document is current")
            return
        if options["outdated"]:
            chosen = stored.outdated_ids(entries)
        else:
            chosen = entries.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=5000)
        done = 0
        for ids in batched(chosen, options["batch"]):
            with transaction.atomic():
                done += stored.render_queryset(Product.objects.filter(pk__in=ids))
            reset_queries()  # with DEBUG on, the log of big inserts would fill the memory
            if options["verbosity"] > 1:
                self.stdout.write(f"{done} entries rendered")
        analyze(EntryDocument)  # a rebuild rewrites the table: fresh statistics, visibility map
        self.stdout.write(f"{done} entries rendered in {len(stored.languages())} languages")
