"""manage.py import_foreign_parts FILE… [--source NAME] [--dry-run]

Fills the reference catalogue of foreign parts from KiCad symbol libraries (.dcm beside its
.lib, .kicad_sym) and from CSV/XLSX tables. Running it again on the same files changes nothing.
"""

import gc
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from products.foreign import files, store
from products.foreign.records import UnreadableFile

SHOWN_PROBLEMS = 50
# Records handed from the reading thread to the writer at a time: big enough that a merge's
# own cost is small, small enough that the database starts early and the last one is short.
BATCH = 5000


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
        tally = {"read": 0, "problems": [], "unreadable": 0}
        files_read = _read(options, catalogue.all_keys, tally)
        outcome = store.write(self._reported(files_read), catalogue, dry_run=options["dry_run"])
        if not tally["read"] and tally["unreadable"]:
            raise CommandError(_("No file could be read."))
        elapsed = time.perf_counter() - started
        self._summary(outcome, tally["problems"] + outcome.problems, tally["read"], elapsed,
                      options["dry_run"])

    def _reported(self, items):
        """The batches of records among `items`, saying what each file gave once it is read."""
        for item in items:
            if isinstance(item, list):
                yield item
            elif isinstance(item, FileRead):
                self.stdout.write(_("%(file)s: %(parts)d parts read, %(problems)d not readable")
                                  % {"file": item.path, "parts": item.parts,
                                     "problems": item.problems})
            elif isinstance(item, Unreadable):
                self.stderr.write(_("%(file)s: cannot be read: %(reason)s")
                                  % {"file": item.path, "reason": item.reason})
            else:
                self.stdout.write(_("%(file)s: read with its .dcm") % {"file": item.path})

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


@dataclass
class FileRead:
    path: str
    parts: int
    problems: int


@dataclass
class Unreadable:
    path: str
    reason: str


@dataclass
class Companion:
    path: str  # a .lib read with the .dcm beside it


def _read(options, known_keys, tally):
    """Batches of records of the files, with a FileRead, Unreadable or Companion for each
    file. A batch takes records across files, so that many small libraries make few merges.
    On PostgreSQL it runs in the store's read-ahead thread: it touches no database."""
    given = {Path(path).resolve() for path in options["files"]}
    batch = []
    for path in options["files"]:
        if _beside_its_dcm(path, given):
            yield Companion(path)
            continue
        try:
            records, problems = files.read(path, options["source"], known_keys)
        except UnreadableFile as error:
            tally["unreadable"] += 1
            tally["problems"].append(f"{path}: {error}")
            yield Unreadable(path, str(error))
            continue
        parts = 0
        for record in records:
            parts += 1
            batch.append(record)
            if len(batch) == BATCH:
                yield batch
                batch = []
        tally["read"] += parts
        tally["problems"].extend(problems)
        yield FileRead(path, parts, len(problems))
    if batch:
        yield batch


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
