"""Load a manufacturer's cross-reference table (CSV or XLSX) as a registrar, without an
application: every entry it changes is corrected with the reason, attributed to --user.

A table with refused rows changes nothing (they are listed with their lines) unless
--valid-only is given."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from manufacturers.models import Manufacturer
from products.crossref import CrossrefError, check, read_table
from registry.workflow import TransitionError
from registry.workflow.analogs import load_analogs


class Command(BaseCommand):
    help = __doc__.split("\n\n")[0]

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--manufacturer", required=True, help="the manufacturer's slug")
        parser.add_argument("--reason", required=True,
                            help="why the table is loaded without an application")
        parser.add_argument("--user", required=True, help="the registrar's username")
        parser.add_argument("--valid-only", action="store_true",
                            help="load the valid rows and leave the refused ones out")

    def handle(self, *args, **options):
        manufacturer = self._manufacturer(options["manufacturer"])
        actor = self._user(options["user"])
        table = self._table(options["file"])
        try:
            changes = load_analogs(actor, manufacturer, table, reason=options["reason"],
                                   valid_only=options["valid_only"])
        except TransitionError as error:
            raise CommandError(error.message) from None
        except ValidationError as error:
            for problem in check(self._table(options["file"]), manufacturer).problems:
                self.stderr.write(f"line {problem.line}: {problem.message}")
            raise CommandError(" ".join(error.messages)) from None
        for change in changes:
            self.stdout.write(f"{change.product.registry_number} {change.product.part_number}: "
                              f"{len(change.added)} added, {len(change.changed)} changed")
        self.stdout.write(f"{len(changes)} entries corrected")

    def _manufacturer(self, slug):
        manufacturer = Manufacturer.objects.filter(slug=slug).first()
        if manufacturer is None:
            raise CommandError(f"No manufacturer has the slug {slug!r}.")
        return manufacturer

    def _user(self, username):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}.")
        return user

    def _table(self, path):
        try:
            with path.open("rb") as handle:
                return read_table(File(handle, name=path.name))
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        except CrossrefError as error:
            raise CommandError(str(error)) from None
