"""The registrar's review of a catalogue batch as one: the table of its rows with filters
(new, amended, flagged, awaiting, returned, decided), the changes of each amended row, and the
decisions on all or on the chosen rows (registry.workflow.batches)."""

import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..batches.columns import BY_NAME
from ..models import ApplicationState, Batch, RowOutcome
from ..models.applications import AWAITING_REGISTRAR
from ..workflow import TransitionError, rights
from ..workflow import batches as workflow

ROWS_PER_PAGE = 200
FILTERS = {
    "new": (_("new entries"), Q(outcome=RowOutcome.NEW, application__isnull=False)),
    "amended": (_("amendments"), Q(outcome=RowOutcome.AMEND, application__isnull=False)),
    "flagged": (_("flagged: errors or dropped, not submitted"),
                Q(application__isnull=True)),
    "awaiting": (_("awaiting a decision"), Q(application__state__in=AWAITING_REGISTRAR)),
    "returned": (_("changes requested"),
                 Q(application__state=ApplicationState.CHANGES_REQUESTED)),
    "decided": (_("approved or rejected"), Q(application__state__in=[
        ApplicationState.APPROVED, ApplicationState.REJECTED])),
}


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ["reference", "manufacturer", "file_name", "state", "row_count",
                    "submitted_at", "decided_at"]
    list_display_links = ["reference", "file_name"]
    list_filter = ["state", "manufacturer__country",
                   ("manufacturer", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["file_name", "manufacturer__short_name_ru", "manufacturer__short_name_en"]
    list_select_related = ["manufacturer"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # A staged batch is the manufacturer's own until it is submitted.
        return super().get_queryset(request).filter(submitted_at__isnull=False).annotate(
            submitted_rows=Count("rows", filter=Q(rows__application__isnull=False)))

    @admin.display(description=_("Number"), ordering="pk")
    def reference(self, obj):
        return obj.reference

    @admin.display(description=_("applications"), ordering="submitted_rows")
    def row_count(self, obj):
        return obj.submitted_rows

    def change_view(self, request, object_id, form_url="", extra_context=None):
        batch = self.get_object(request, object_id)
        if batch is None:
            raise Http404
        if not self.has_view_permission(request, batch):
            raise PermissionDenied
        if request.method == "POST":
            return self._decide(request, batch)
        shown = request.GET.get("show", "")
        rows = batch.rows.select_related("application", "product").order_by("line")
        if shown in FILTERS:
            rows = rows.filter(FILTERS[shown][1])
        page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
        refusal = _refusal(batch, request.user)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta, "original": batch, "batch": batch,
            "title": str(batch), "page": page, "shown": shown,
            "filters": [("", _("all"))] + [(key, label) for key, (label, _q) in FILTERS.items()],
            "rows": [_shown(row) for row in page.object_list],
            "summary": workflow.summary(batch),
            "read_only_notice": refusal or "",
            "may_decide": refusal is None and batch.state == "submitted",
        }
        return TemplateResponse(request, "admin/registry/batch/review.html", context)

    def _decide(self, request, batch):
        action = request.POST.get("action", "")
        lines = _lines(request.POST.getlist("line"))
        try:
            if action == "approve_all":
                workflow.approve_rows(batch, request.user)
                messages.success(request, _("The rows awaiting a decision have been approved."))
            elif action == "approve_selected":
                if not lines:
                    raise ValidationError(_("Choose the rows to approve."))
                workflow.approve_rows(batch, request.user, lines)
                messages.success(request, _("The chosen rows have been approved."))
            elif action == "request_changes":
                if not lines:
                    raise ValidationError(_("Choose the rows to send back."))
                comments = {line: request.POST.get(f"comment-{line}", "") for line in lines}
                workflow.request_changes_on_rows(batch, request.user, comments)
                messages.success(request, _("The chosen rows have been sent back to the "
                                            "manufacturer."))
            elif action == "reject":
                workflow.reject_batch(batch, request.user, request.POST.get("reason", ""))
                messages.success(request, _("The rows awaiting a decision have been rejected."))
            else:
                raise Http404
        except TransitionError as error:
            messages.error(request, error.message)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            self.log_change(request, batch, action)
        return redirect(reverse("admin:registry_batch_change", args=[batch.pk])
                        + (f"?show={request.GET['show']}" if request.GET.get("show") else ""))


def _refusal(batch, user):
    try:
        rights.require_registrar(user, batch.manufacturer)
    except TransitionError as error:
        return error.message
    return None


def _lines(values):
    lines = []
    for value in values:
        try:
            lines.append(int(value))
        except (TypeError, ValueError):
            continue
    return lines


def _plain(value):
    if value in (None, "", [], {}):
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _shown(row):
    """A row for the table; an amended one with its changes (the entry when the application
    was started beside the proposal: read from the row itself, no query)."""
    application = row.application
    changes = []
    if row.outcome == RowOutcome.AMEND and application is not None:
        before, after = application.base or {}, application.proposal or {}
        for name in row.changed:
            label = BY_NAME[name].label if name in BY_NAME else name
            changes.append((label, _plain(before.get(name)), _plain(after.get(name))))
    return {"row": row, "application": application, "changes": changes,
            "awaiting": application is not None and application.state in AWAITING_REGISTRAR}
