"""manage.py import_register --format gisp|eaeu|mapped [--mapping FILE] [--apply] [--as USER] FILE

Reads a national register's open-data export and compares it with the register: which records
are new, which changed, which are gone. Without --apply it only reports (a dry run) and keeps
the file, so the run is a proposal a registrar can apply from the desk; with --apply the new
records are registered and the changed ones corrected through the workflow, as decisions of
the registrar named by --as. Gone records are reported for the registrar to decide; nothing
is deleted. Each run is kept (ImportRun) with its per-row report.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from registry.models import ImportRun, User
from registry.registers import applying, formats, reading, runs, staging


class Command(BaseCommand):
    help = "Import (or sync with) a national register's open-data export (CSV, XLSX or JSON)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", required=True, choices=["gisp", "eaeu", "mapped"])
        parser.add_argument("--mapping", help="a TOML file describing the columns "
                                              "(with --format mapped)")
        parser.add_argument("--apply", action="store_true",
                            help="apply additions and changes (without it: report only)")
        parser.add_argument("--as", dest="username", default="",
                            help="the registrar whose decisions the import takes")
        parser.add_argument("--report", help="also write the per-row report to this CSV file")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            return self._handle(options)

    def _handle(self, options):
        actor = self._actor(options["username"], options["apply"])
        try:
            fmt = formats.load(options["format"], options["mapping"])
        except formats.FormatError as error:
            raise CommandError(str(error)) from None
        path = Path(options["file"])
        try:
            opened = reading.open_register(path, fmt.delimiter, fmt.header_names())
            progress = None if options["no_progress"] else staging.print_progress(self.stderr)
            staged = staging.stage(opened, fmt, actor, progress=progress)
        except reading.FileProblem as error:
            raise CommandError(str(error)) from None
        run = ImportRun(actor=actor, format=options["format"], source_register=fmt.name,
                        file_name=path.name[:300], file_sha256=runs.sha256(path))
        try:
            # The run's record is written with what it applied, or not at all.
            with transaction.atomic():
                if options["apply"]:
                    applying.apply(staged, actor)
                    run.mode = ImportRun.Mode.APPLIED
                else:
                    applying.report_staged(staged)
                    runs.keep_file(run, path, options["mapping"])
                runs.record(run, staged)
        finally:
            staged.close()
        if options["report"]:
            Path(options["report"]).write_bytes(run.report_csv)
        self.stdout.write(_(
            "%(register)s, %(file)s: %(rows)d rows staged in %(seconds).1f s — added "
            "%(added)d, changed %(changed)d, unchanged %(unchanged)d, gone %(gone)d, registered "
            "already %(already)d, errors %(errors)d, new manufacturers %(makers)d.") % {
            "register": fmt.register, "file": path.name, "rows": run.rows,
            "seconds": staged.seconds, "added": run.added, "changed": run.changed,
            "unchanged": run.unchanged, "gone": run.gone, "errors": run.errors,
            "makers": run.new_manufacturers, "already": run.already_registered})
        if options["apply"]:
            self.stdout.write(_("Applied as decisions of %(user)s (import run %(id)d).") % {
                "user": actor.username, "id": run.pk})
        else:
            self.stdout.write(_("Nothing was changed (a dry run; add --apply to apply). Import "
                                "run %(id)d keeps the report; a registrar can apply it from "
                                "the desk.") % {"id": run.pk})

    def _actor(self, username, apply):
        if not username:
            if apply:
                raise CommandError(_("--apply needs --as USERNAME: the registrar whose "
                                     "decisions the import takes."))
            return None
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("There is no user “%(name)s”.") % {"name": username})
        if not (user.is_active and user.is_registrar):
            raise CommandError(_("%(name)s is not a registrar; only a registrar imports a "
                                 "register.") % {"name": username})
        return user
