"""Imports of the national registers in the desk: each run with its counts, read-only, and its
per-row report downloadable as CSV. A report-only run that kept its file is a proposal: a
registrar reviews its report and applies it here (registry.registers.runs)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import ImportRun
from ..registers import runs
from .logs import ReadOnlyAdmin


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "source_register", "file_name", "mode", "rows", "added",
                    "changed", "unchanged", "gone", "already_registered", "errors",
                    "new_manufacturers", "actor", "report_link"]
    list_filter = ["source_register", "mode"]
    list_select_related = ["actor"]
    search_fields = ["file_name", "file_sha256"]
    date_hierarchy = "started_at"
    exclude = ["report_gz", "file_gz", "mapping_toml"]
    readonly_fields = ["report_link", "proposal_state"]

    def get_urls(self):
        return [
            path("<int:pk>/report.csv", self.admin_site.admin_view(self.report_view),
                 name="registry_importrun_report"),
            path("<int:pk>/apply/", self.admin_site.admin_view(self.apply_view),
                 name="registry_importrun_apply"),
            *super().get_urls(),
        ]

    @admin.display(description=_("proposal"))
    def proposal_state(self, obj):
        applied = obj.applied_runs.first()
        if applied is not None:
            return format_html(
                '{} <a href="{}">{}</a>', _("Applied:"),
                reverse("admin:registry_importrun_change", args=[applied.pk]), applied)
        if obj.is_proposal and obj.apply_requested_at:
            return _("Applying was asked for on %(moment)s by %(user)s; not applied yet.") % {
                "moment": obj.apply_requested_at.strftime("%Y-%m-%d %H:%M"),
                "user": obj.apply_requested_by}
        if obj.is_proposal:
            return format_html('<a class="button" href="{}">{}</a>',
                               reverse("admin:registry_importrun_apply", args=[obj.pk]),
                               _("Review and apply these changes…"))
        return "—"

    def apply_view(self, request, pk):
        """A confirmation page with what the run would do; POST applies it."""
        run = get_object_or_404(ImportRun, pk=pk)
        if not self.has_view_permission(request, run):
            raise PermissionDenied
        try:
            runs.check_can_apply(run, request.user)
        except runs.ProposalRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("admin:registry_importrun_change", run.pk)
        if request.method == "POST":
            return self._apply(request, run)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta, "run": run,
            "title": gettext("Apply the import of %(file)s") % {"file": run.file_name},
        }
        return TemplateResponse(request, "admin/registry/importrun_apply.html", context)

    def _apply(self, request, run):
        try:
            applied = runs.request_application(run, request.user)
        except runs.ProposalRefused as refusal:
            messages.error(request, str(refusal))
            return redirect("admin:registry_importrun_change", run.pk)
        if applied is None:
            messages.info(request, gettext(
                "The import is being applied; its run will appear in this list when it is done."))
            return redirect("admin:registry_importrun_change", run.pk)
        messages.success(request, gettext(
            "Applied: %(added)d added, %(changed)d changed, %(errors)d refused (run %(id)d).")
            % {"added": applied.added, "changed": applied.changed, "errors": applied.errors,
               "id": applied.pk})
        return redirect("admin:registry_importrun_change", applied.pk)

    @admin.display(description=_("report"))
    def report_link(self, obj):
        return format_html('<a href="{}">{}</a>',
                           reverse("admin:registry_importrun_report", args=[obj.pk]),
                           _("report (CSV)"))

    def report_view(self, request, pk):
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        run = get_object_or_404(ImportRun, pk=pk)
        response = HttpResponse(run.report_csv, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="import-{run.source_register}-{run.pk}.csv"')
        return response
