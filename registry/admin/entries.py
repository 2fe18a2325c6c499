"""Register entries in the registrar's desk: list, search by any spelling, correct with inlines,
and the entry's decisions (suspend, reinstate, exclude) — all through the workflow."""

from django import forms as django_forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from products.models import (
    Document,
    ForeignAnalog,
    PartAlias,
    Product,
    ProductionStage,
    ProductParameter,
    ProductStatus,
)
from products.models.entries import status_is
from products.search import PartNumberQuery

from .. import workflow
from ..feed.reading import public_history
from ..workflow import steps
from ..workflow.versions import VersionField
from . import analogs, forms, jurisdiction
from .transitions import change_url, transition_view


class PartAliasInline(admin.TabularInline):
    model = PartAlias
    extra = 0


class ParameterInline(admin.TabularInline):
    model = ProductParameter
    extra = 0
    autocomplete_fields = ["template"]


class ForeignAnalogInline(admin.TabularInline):
    model = ForeignAnalog
    extra = 0


class ProductionStageInline(admin.TabularInline):
    model = ProductionStage
    extra = 0


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    readonly_fields = ["sha256", "size", "uploaded_at"]


class ProductAdminForm(django_forms.ModelForm):
    """The entry, plus why the registrar changes it (kept with the change in the feed)."""

    correction_reason = django_forms.CharField(
        label=_("Reason for the change"), max_length=5000, required=False,
        widget=django_forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text=_("Required when an entry is corrected; shown in its public history."),
    )
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = workflow.version_of(self.instance)

    def clean_correction_reason(self):
        reason = self.cleaned_data["correction_reason"].strip()
        if self.instance.pk and not reason:
            raise django_forms.ValidationError(_("Say why the entry is corrected."))
        return reason


class StatusTodayFilter(admin.SimpleListFilter):
    """The status as it is today, so an entry past its term is listed as expired even
    before the daily round records it."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return ProductStatus.choices

    def queryset(self, request, queryset):
        if self.value() not in ProductStatus.values:
            return queryset
        return queryset.filter(status_is([self.value()]))


@admin.register(Product)
class ProductAdmin(SimpleHistoryAdmin):
    form = ProductAdminForm
    list_display = ["registry_number", "part_number", "name_ru", "manufacturer", "category",
                    "status_today", "registered_at", "valid_until"]
    list_display_links = ["registry_number", "part_number"]
    list_filter = [StatusTodayFilter, "manufacturer__country", "category", "manufacturer"]
    list_select_related = ["manufacturer", "category"]
    search_fields = ["registry_number", "part_number", "name_ru", "name_en"]
    autocomplete_fields = ["manufacturer", "category"]
    date_hierarchy = "registered_at"
    change_form_template = "admin/registry/entry_change_form.html"
    change_list_template = "admin/registry/entry_change_list.html"
    readonly_fields = [
        "registry_number", "status", "registered_at", "suspended_at", "suspension_reason",
        "suspension_reason_code", "suspension_legal_basis",
        "excluded_at", "exclusion_reason", "exclusion_legal_basis", "exclusion_note",
        "created_at", "updated_at",
    ]
    inlines = [PartAliasInline, ParameterInline, ForeignAnalogInline, ProductionStageInline,
               DocumentInline]
    fieldsets = [
        (None, {"fields": ["registry_number", "status", "part_number", "manufacturer",
                           "category", "package"]}),
        (_("Names"), {"fields": ["name_ru", "name_en", "name_be", "description_ru",
                                 "description_en"]}),
        (_("Classification"), {"fields": ["tnved_code", "okpd2_code"]}),
        (_("Term"), {"fields": ["registered_at", "valid_until", "suspended_at",
                                "suspension_reason", "suspension_reason_code",
                                "suspension_legal_basis", "excluded_at", "exclusion_reason",
                                "exclusion_legal_basis", "exclusion_note"]}),
        (_("Basis"), {"fields": ["decision_number", "decision_date", "origin_document_kind",
                                 "origin_document_number", "origin_document_date",
                                 "origin_document_valid_until"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
        (_("Why"), {"fields": ["correction_reason", "version"]}),
    ]

    @admin.display(description=_("status"), ordering="status")
    def status_today(self, obj):
        """As every surface shows it: past its term an entry is expired."""
        return obj.get_effective_status_display()

    def get_readonly_fields(self, request, obj=None):
        # The owner of an entry changes only through the register's own steps.
        if obj is not None:
            return [*self.readonly_fields, "manufacturer"]
        return self.readonly_fields

    def has_change_permission(self, request, obj=None):
        # Exclusion is final: an excluded entry is shown, never edited.
        if obj is not None and obj.status == ProductStatus.EXCLUDED:
            return False
        # The other state's entries are read, not corrected (the workflow refuses it too).
        if obj is not None and steps.jurisdiction_refusal(obj, request.user) is not None:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # nothing is ever deleted from the register

    def get_search_results(self, request, queryset, search_term):
        """Besides the text columns, match the part number in any of its spellings."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        query = PartNumberQuery(search_term)
        if search_term and not query.is_empty():
            results = results | queryset.filter(query.condition())
        return results, may_have_duplicates

    # --- Saving goes through the workflow -------------------------------------------------

    def save_model(self, request, obj, form, change):
        """Deferred to save_related, where the entry and its inlines are written together."""

    def save_related(self, request, form, formsets, change):
        reason = form.cleaned_data.get("correction_reason", "")

        def write_inlines():
            for formset in formsets:
                self.save_formset(request, form, formset, change=change)

        if change:
            def edit():
                form.instance.save()
                write_inlines()
            workflow.correct_entry(form.instance, request.user, reason=reason, edit=edit,
                                   version=form.cleaned_data.get("version"))
        else:
            workflow.register_directly(form.instance, request.user, save_related=write_inlines,
                                       reason=reason)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except workflow.TransitionError as error:
            self.message_user(request, error.message, messages.ERROR)
            if object_id:
                return redirect(request.path)
            return redirect("admin:products_product_changelist")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        product = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if product is not None:
            extra.update(entry_context(product, request.user))
        return super().change_view(request, object_id, form_url, extra)

    # --- The entry's decisions ------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/suspend/", wrap(self.suspend_view),
                 name="products_product_suspend"),
            path("<path:object_id>/reinstate/", wrap(self.reinstate_view),
                 name="products_product_reinstate"),
            path("<path:object_id>/exclude/", wrap(self.exclude_view),
                 name="products_product_exclude"),
            jurisdiction.comment_url(self),
            *analogs.urls(self),
            *super().get_urls(),
        ]

    def suspend_view(self, request, object_id):
        return transition_view(
            self, request, object_id, step=steps.SUSPEND, form_class=forms.SuspendForm,
            title=_("Suspend the entry"),
            intro=_("A suspended entry stays in the register, marked suspended with the date and "
                    "reason, until it is reinstated or excluded."),
            perform=lambda obj, data: workflow.suspend(
                obj, request.user, data["reason"], reason_code=data["reason_code"],
                legal_basis=data["legal_basis"]),
            done=_("The entry has been suspended."),
        )

    def reinstate_view(self, request, object_id):
        return transition_view(
            self, request, object_id, step=steps.REINSTATE, form_class=forms.CommentForm,
            title=_("Reinstate the entry"),
            perform=lambda obj, data: workflow.reinstate(obj, request.user, data["comment"]),
            done=_("The entry is registered again."),
        )

    def exclude_view(self, request, object_id):
        return transition_view(
            self, request, object_id, step=steps.EXCLUDE, form_class=forms.ExcludeForm,
            title=_("Exclude the entry from the register"),
            intro=_("The entry stays in the register, marked excluded with the date, reason and "
                    "legal basis. Exclusion is final."),
            perform=lambda obj, data: workflow.exclude(
                obj, request.user, reason_code=data["reason_code"],
                legal_basis=data["legal_basis"], note=data["note"]),
            done=_("The entry has been excluded from the register."),
        )


def entry_context(product, user):
    """What the entry page shows besides its fields: the decisions open to `user` now (from
    the workflow's table), the public history, the log and the applications."""
    return {
        "available": steps.available_steps(product, user),
        **jurisdiction.context(product, user),
        "public_history": public_history(product).select_related("application"),
        "decisions": product.decisions.select_related("actor", "application")
        .order_by("occurred_at", "pk"),
        "applications": product.applications.order_by("-created_at", "-pk"),
        "entry_url": product.get_absolute_url(),
        "change_url": change_url(product),
    }
