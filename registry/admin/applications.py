"""The registrar's review queue and application page, with the decisions as admin actions."""

from django.contrib import admin, messages
from django.db.models import Case, Value, When
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from products.downloads import document_response

from .. import proposals, workflow
from ..models import Action, Application, ApplicationDocument, ApplicationKind, ApplicationState
from ..models.applications import AWAITING_REGISTRAR
from ..workflow import steps
from . import forms, jurisdiction
from .transitions import transition_view

State = ApplicationState


# One word per kind for the queue's column; the full name is on the application's page.
KIND_SHORT = {
    ApplicationKind.INCLUDE: _("inclusion"),
    ApplicationKind.AMEND: _("amendment"),
    ApplicationKind.WITHDRAW: _("withdrawal"),
    ApplicationKind.RENEW: _("renewal"),
}


class QueueFilter(admin.SimpleListFilter):
    """Opens on what awaits a registrar; the other views are one click away."""

    title = _("queue")
    parameter_name = "queue"
    DEFAULT = "awaiting"

    def lookups(self, request, model_admin):
        return [
            ("awaiting", _("awaiting a registrar")),
            ("mine", _("reviewed by me")),
            ("unassigned", _("not taken by anyone")),
            ("overdue", _("overdue")),
            ("with_manufacturer", _("returned for changes")),
            ("closed", _("decided or withdrawn")),
            ("all", _("all")),
        ]

    def value(self):
        return super().value() or self.DEFAULT

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        return queryset.queue(self.value(), request.user)


class DocumentInline(admin.TabularInline):
    model = ApplicationDocument
    extra = 0
    fields = ["kind", "title", "content_type", "size", "sha256", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    # Short labels and dates, so the queue fits a 1366 px screen beside both sidebars.
    list_display = ["reference", "kind_short", "subject", "state", "submitted", "due",
                    "assigned_to"]
    list_display_links = ["reference", "subject"]
    list_filter = [QueueFilter, "state", "kind", "manufacturer__country",
                   ("manufacturer", admin.RelatedOnlyFieldListFilter),
                   ("assigned_to", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["manufacturer", "product", "assigned_to"]
    search_fields = ["proposal__part_number", "product__registry_number", "product__part_number",
                     "manufacturer__short_name_ru", "manufacturer__short_name_en"]
    ordering = ["submitted_at", "pk"]
    actions = ["take_selected"]
    change_form_template = "admin/registry/application/change_form.html"
    change_list_template = "admin/registry/application/change_list.html"
    fields = ["kind", "state", "manufacturer", "product", "note", "created_by", "assigned_to",
              "created_at", "submitted_at", "due_on", "decided_at"]
    readonly_fields = fields

    # Nobody edits or deletes an application here: decisions are the actions below.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # A draft is the manufacturer's own until it is submitted.
        return super().get_queryset(request).filter(submitted_at__isnull=False)

    def get_ordering(self, request):
        """Overdue applications (past the statutory review period, still awaiting a
        decision) first, then by due date."""
        overdue = Case(When(state__in=AWAITING_REGISTRAR, due_on__lt=timezone.localdate(),
                            then=Value(0)), default=Value(1))
        return [overdue.asc(), "due_on", "submitted_at", "pk"]

    def get_search_results(self, request, queryset, search_term):
        results, duplicates = super().get_search_results(request, queryset, search_term)
        number = search_term.strip().lstrip("№ ").lstrip("0")
        if number.isdigit():
            results = results | queryset.filter(pk=int(number))
        return results, duplicates

    @admin.display(description=_("Number"), ordering="pk")
    def reference(self, obj):
        return obj.reference

    @admin.display(description=_("kind"), ordering="kind")
    def kind_short(self, obj):
        return KIND_SHORT.get(obj.kind, obj.get_kind_display())

    @admin.display(description=_("submitted"), ordering="submitted_at")
    def submitted(self, obj):
        """The day, and under it how long the application has waited for a decision."""
        if obj.submitted_at is None:
            return "—"
        day = date_format(timezone.localtime(obj.submitted_at), "SHORT_DATE_FORMAT")
        if obj.state not in (State.SUBMITTED, State.UNDER_REVIEW):
            return day
        waiting = timesince(obj.submitted_at, timezone.now(), depth=2)
        return format_html('{}<br><small class="queue-waiting">{} {}</small>', day,
                           _("waiting"), waiting)

    @admin.display(description=_("product"))
    def subject(self, obj):
        """The part number, the entry's number when there is one, and the manufacturer."""
        number = obj.product.registry_number if obj.product_id else ""
        return format_html('{} {}<br><small class="queue-maker">{}</small>', obj.part_number,
                           number, obj.manufacturer)

    @admin.display(description=_("due by"), ordering="due_on")
    def due(self, obj):
        if obj.due_on is None:
            return "—"
        day = date_format(obj.due_on, "SHORT_DATE_FORMAT")
        if obj.is_overdue:
            return format_html('<strong class="overdue">{} · {}</strong>', day, _("overdue"))
        return day

    @admin.action(description=_("Take the selected applications for review"),
                  permissions=["view"])
    def take_selected(self, request, queryset):
        taken = 0
        for application in queryset:
            try:
                workflow.take_for_review(application, request.user)
            except workflow.TransitionError as error:
                self.message_user(request, error.message, messages.WARNING)
            else:
                self.log_change(request, application, str(steps.TAKE.label))
                taken += 1
        if taken:
            self.message_user(request, ngettext(
                "%(count)d application taken for review.",
                "%(count)d applications taken for review.", taken) % {"count": taken},
                messages.SUCCESS)

    # --- The application page -------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if application is not None:
            extra.update(review_context(application, request.user))
        return super().change_view(request, object_id, form_url, extra)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/take/", wrap(self.take_view),
                 name="registry_application_take"),
            path("<path:object_id>/request-changes/", wrap(self.request_changes_view),
                 name="registry_application_request_changes"),
            path("<path:object_id>/approve/", wrap(self.approve_view),
                 name="registry_application_approve"),
            path("<path:object_id>/reject/", wrap(self.reject_view),
                 name="registry_application_reject"),
            path("<path:object_id>/documents/<int:document_id>/", wrap(self.document_view),
                 name="registry_application_document"),
            jurisdiction.comment_url(self),
            *super().get_urls(),
        ]

    def take_view(self, request, object_id):
        return transition_view(
            self, request, object_id, step=steps.TAKE, form_class=forms.ConfirmForm,
            title=_("Take the application for review"),
            intro=_("You become the registrar reviewing this application; the manufacturer is "
                    "told that it is under review."),
            perform=lambda obj, data: workflow.take_for_review(obj, request.user),
            done=_("The application is yours to review."),
        )

    def request_changes_view(self, request, object_id):
        return transition_view(
            self, request, object_id, step=steps.REQUEST_CHANGES,
            form_class=forms.RequestChangesForm,
            title=_("Request changes"), button=_("Return to the manufacturer"),
            perform=lambda obj, data: workflow.request_changes(obj, request.user,
                                                               data["comment"]),
            done=_("The application has been returned to the manufacturer for changes."),
        )

    def approve_view(self, request, object_id):
        application = self.get_object(request, object_id)
        withdrawal = application is not None and application.kind == ApplicationKind.WITHDRAW
        return transition_view(
            self, request, object_id, step=steps.APPROVE,
            form_class=forms.ApproveWithdrawalForm if withdrawal else forms.ApproveForm,
            title=_("Approve the application"),
            intro=_("Approving a withdrawal excludes the entry from the register; this is final.")
            if withdrawal else "",
            perform=lambda obj, data: workflow.approve(obj, request.user, **data),
            done=approval_message,
        )

    def reject_view(self, request, object_id):
        return transition_view(
            self, request, object_id, step=steps.REJECT, form_class=forms.ReasonForm,
            title=_("Reject the application"),
            perform=lambda obj, data: workflow.reject(obj, request.user, data["reason"]),
            done=_("The application has been rejected."),
        )

    def document_view(self, request, object_id, document_id):
        application = self.get_object(request, object_id)
        if application is None or not self.has_view_permission(request, application):
            raise Http404
        document = application.documents.filter(pk=document_id).first()
        if document is None:
            raise Http404
        return document_response(document, f"application-{application.reference}")


def approval_message(application):
    number = application.product.registry_number if application.product_id else ""
    if application.kind == ApplicationKind.INCLUDE:
        return _("The application has been approved: the product is registered under No. "
                 "%(number)s.") % {"number": number}
    if application.kind == ApplicationKind.WITHDRAW:
        return _("The application has been approved: entry No. %(number)s is excluded from the "
                 "register.") % {"number": number}
    return _("The application has been approved: entry No. %(number)s is amended.") % {
        "number": number}


def review_context(application, user):
    """What the application page shows besides its fields: the data, the documents, the log
    and the decisions open to this registrar now."""
    context = {
        "application": application,
        "documents": application.documents.all(),
        "decisions": application.decisions.select_related("actor").order_by("occurred_at", "pk"),
        "available": steps.available_steps(application, user),
        **jurisdiction.context(application, user),
    }
    context["since_request"] = changed_since_request(application)
    if application.kind == ApplicationKind.INCLUDE:
        context["rows"] = proposals.rows(application.proposal)
    elif application.kind == ApplicationKind.AMEND and application.product_id:
        current = proposals.of_entry(application.product)
        if application.state == State.APPROVED:
            context["rows"] = proposals.rows(application.proposal, application.base)
        else:
            merged = proposals.merge(current, application.base or current, application.proposal)
            context["rows"] = proposals.rows(merged, current)
            context["entry_moved"] = bool(application.base) and proposals.changed_sections(
                application.base, current)
        context["side_by_side"] = True
    return context


def changed_since_request(application):
    """The rows the manufacturer changed after the registrar's last request for changes (the
    data then is kept with the request), or None when there was no request since answered."""
    if application.state == State.CHANGES_REQUESTED or application.kind == ApplicationKind.WITHDRAW:
        return None
    request = application.decisions.filter(action=Action.CHANGES_REQUESTED) \
        .order_by("-occurred_at", "-pk").first()
    if request is None or "proposal" not in request.data:
        return None
    return [row for row in proposals.rows(application.proposal, request.data["proposal"])
            if row.changed]
