"""The desk's admin site: the applications' group first, the dashboard on the home page, and
the data-quality report."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from manufacturers.roles import is_registrar

from . import dashboard, quality

# Groups in the order a registrar works through them; any other group follows, by name.
APP_ORDER = ["registry", "products", "manufacturers", "extracts"]
FIRST_MODELS = {"registry": ["Application", "Decision"]}


class DeskSite(admin.AdminSite):
    index_template = "admin/desk_index.html"

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        apps.sort(key=lambda app: (APP_ORDER.index(app["app_label"])
                                   if app["app_label"] in APP_ORDER else len(APP_ORDER)))
        for app in apps:
            first = FIRST_MODELS.get(app["app_label"], [])
            app["models"].sort(key=lambda model: first.index(model["object_name"])
                               if model["object_name"] in first else len(first))
        return apps

    def index(self, request, extra_context=None):
        extra = dict(extra_context or {})
        if is_registrar(request.user):
            extra.update(dashboard.context(request.user))
        return super().index(request, extra)

    def get_urls(self):
        return [
            path("data-quality/", self.admin_view(self.data_quality_view),
                 name="data_quality"),
            path("data-quality.csv", self.admin_view(self.data_quality_csv),
                 name="data_quality_csv"),
            *super().get_urls(),
        ]

    def data_quality_view(self, request):
        _require_registrar(request)
        return TemplateResponse(request, "admin/data_quality.html", {
            **self.each_context(request), "title": _("Data quality"),
            "problems": quality.summary(),
        })

    def data_quality_csv(self, request):
        _require_registrar(request)
        response = HttpResponse(quality.csv_text(), content_type="text/csv; charset=utf-8")
        name = f"data-quality-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


def _require_registrar(request):
    if not is_registrar(request.user):
        raise PermissionDenied
