"""manage.py import_foreign_parts FILE… [--source NAME] [--dry-run]

Fills the reference catalogue of foreign parts from KiCad symbol libraries (.dcm beside its
.lib, .kicad_sym) and from CSV/XLSX tables. Running it again on the same files changes nothing.
"""

import gc
import time
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from products.foreign import files, store
from products.foreign.records import UnreadableFile

SHOWN_PROBLEMS = 50


class Command(BaseCommand):
    help = _("Import foreign reference parts from KiCad symbol libraries and CSV/XLSX tables.")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE",
                            help=_(".dcm, .kicad_sym, .csv or .xlsx files"))
        parser.add_argument("--source", help=_("name the rows' source instead of the file name"))
        parser.add_argument("--dry-run", action="store_true",
                            help=_("read and compare, write nothing"))

    def handle(self, *args, **options):
        with _without_cycle_collection():
            self._import(options)

    def _import(self, options):
        started = time.perf_counter()
        catalogue = store.Catalogue()
        records, problems, unreadable = [], [], []
        given = {Path(path).resolve() for path in options["files"]}
        for path in options["files"]:
            if _beside_its_dcm(path, given):
                self.stdout.write(_("%(file)s: read with its .dcm") % {"file": path})
                continue
            try:
                found, trouble = files.read(path, options["source"], catalogue.all_keys)
            except UnreadableFile as error:
                unreadable.append((path, str(error)))
                self.stderr.write(_("%(file)s: cannot be read: %(reason)s")
                                  % {"file": path, "reason": error})
                continue
            records.extend(found)
            problems.extend(trouble)
            self.stdout.write(_("%(file)s: %(parts)d parts read, %(problems)d not readable")
                              % {"file": path, "parts": len(found), "problems": len(trouble)})
        if not records and unreadable:
            raise CommandError(_("No file could be read."))
        if unreadable:
            problems.extend(f"{path}: {reason}" for path, reason in unreadable)
        outcome = store.write(records, catalogue, dry_run=options["dry_run"])
        elapsed = time.perf_counter() - started
        self._summary(outcome, problems + outcome.problems, len(records), elapsed,
                      options["dry_run"])

    def _summary(self, outcome, problems, read, elapsed, dry_run):
        rate = read / elapsed if elapsed > 0 else 0
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
        if outcome.written == 0:
            self.stdout.write(_("Nothing changed: all %(count)d parts are already up to date.")
                              % {"count": outcome.unchanged})
        self.stdout.write(
            _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
              "%(repeated)d repeated part numbers (the last one read kept); "
              "%(read)d parts in %(seconds).1f s, %(rate).0f parts/s.")
            % {"created": outcome.created, "updated": outcome.updated,
               "unchanged": outcome.unchanged, "repeated": outcome.repeated, "read": read,
               "seconds": elapsed, "rate": rate})
        if problems:
            self.stdout.write(_("Could not read %(count)d item(s):") % {"count": len(problems)})
            for problem in problems[:SHOWN_PROBLEMS]:
                self.stdout.write(f"  {problem}")
            if len(problems) > SHOWN_PROBLEMS:
                self.stdout.write(_("  … and %(more)d more.")
                                  % {"more": len(problems) - SHOWN_PROBLEMS})


def _beside_its_dcm(path, given):
    """A .lib passed with its .dcm is read as the .dcm's companion, not on its own."""
    path = Path(path)
    return path.suffix.lower() == ".lib" and path.with_suffix(".dcm").resolve() in given


@contextmanager
def _without_cycle_collection():
    """Reading builds hundreds of thousands of small objects without cycles, which Python's
    cycle collector would otherwise walk again and again; it is switched back on afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
