"""Check that the decision log and the change feed were not rewritten since they were written."""

from django.core.management.base import BaseCommand, CommandError

from registry.models import ChangeEvent, Decision
from registry.models.chain import verify

CHAINS = [Decision, ChangeEvent]


class Command(BaseCommand):
    help = ("Walk the hash chains of the decision log and the change feed and report the first "
            "broken link (exit status 1), or that both are intact. --expect checks a hash "
            "published in the open data is still in the chain.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--expect", action="append", default=[], metavar="TABLE:HASH",
            help="a published newest hash (manifest.json, log_chains) that must still be a "
                 "row of the chain, e.g. registry_decision:3fa1…; may be repeated")

    def handle(self, *args, **options):
        expected = [self._parse(text) for text in options["expect"]]
        for model in CHAINS:
            count, broken = verify(model)
            if broken:
                raise CommandError(f"Broken link: {broken}.")
            self.stdout.write(f"{model._meta.db_table}: {count} rows, chain intact.")
        for model, row_hash in expected:
            if not model.objects.filter(row_hash=row_hash).exists():
                raise CommandError(
                    f"{model._meta.db_table}: the published hash {row_hash} is no row of the "
                    "chain: the log was rewritten after it was published.")
            self.stdout.write(f"{model._meta.db_table}: published hash {row_hash[:12]}… found.")
        self.stdout.write(self.style.SUCCESS("OK: the logs are intact."))

    def _parse(self, text):
        table, _sep, row_hash = text.partition(":")
        models = {model._meta.db_table: model for model in CHAINS}
        if table not in models or len(row_hash) != 64:
            raise CommandError(f"--expect takes TABLE:HASH with TABLE one of "
                               f"{', '.join(models)} and a 64-digit hash, not {text!r}.")
        return models[table], row_hash.lower()
