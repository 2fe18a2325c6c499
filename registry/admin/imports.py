"""Imports of the national registers in the desk: each run with its counts, read-only, and its
per-row report downloadable as CSV."""

from django.contrib import admin
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import ImportRun
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
    exclude = ["report_gz"]
    readonly_fields = ["report_link"]

    def get_urls(self):
        return [
            path("<int:pk>/report.csv", self.admin_site.admin_view(self.report_view),
                 name="registry_importrun_report"),
            *super().get_urls(),
        ]

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
