"""Manufacturers in the registrar's desk: admission decided by admit / refuse, and every edit of
an admitted maker's public data recorded in the change feed (through the workflow)."""

from django import forms as django_forms
from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _

from manufacturers.admin import ManufacturerAdmin as CatalogueManufacturerAdmin
from manufacturers.admin import MembershipAdmin
from manufacturers.models import Manufacturer, Membership

from .. import workflow
from ..feed.reading import manufacturer_history
from ..workflow import steps
from ..workflow.versions import VersionField
from . import forms
from .transitions import RefusalsAsMessages, transition_view


class ManufacturerAdminForm(django_forms.ModelForm):
    change_reason = django_forms.CharField(
        label=_("Reason for the change"), max_length=5000, required=False,
        widget=django_forms.Textarea(attrs={"rows": 2, "cols": 80}),
    )
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = workflow.version_of(self.instance)


admin.site.register(Membership, MembershipAdmin)


@admin.register(Manufacturer)
class ManufacturerAdmin(RefusalsAsMessages, CatalogueManufacturerAdmin):
    form = ManufacturerAdminForm
    change_form_template = "admin/registry/manufacturer_change_form.html"
    readonly_fields = ["status", *CatalogueManufacturerAdmin.readonly_fields]
    fieldsets = [*CatalogueManufacturerAdmin.fieldsets,
                 (_("Why"), {"fields": ["change_reason", "version"]})]

    def has_delete_permission(self, request, obj=None):
        return False  # makers of entries stay; a refused applicant stays refused

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)  # a new maker waits for admission
            return
        workflow.correct_manufacturer(
            obj, request.user, reason=form.cleaned_data.get("change_reason", ""),
            version=form.cleaned_data.get("version"),
            edit=lambda: super(ManufacturerAdmin, self).save_model(request, obj, form, change),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        manufacturer = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if manufacturer is not None:
            extra["available"] = steps.available_steps(manufacturer, request.user)
            extra["decisions"] = manufacturer.decisions.filter(product__isnull=True,
                                                               application__isnull=True) \
                .select_related("actor").order_by("occurred_at", "pk")
            extra["public_history"] = manufacturer_history(manufacturer)
        return super().change_view(request, object_id, form_url, extra)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/admit/", wrap(self.admit_view),
                 name="manufacturers_manufacturer_admit"),
            path("<path:object_id>/refuse/", wrap(self.refuse_view),
                 name="manufacturers_manufacturer_refuse"),
            *super().get_urls(),
        ]

    def admit_view(self, request, object_id):
        return transition_view(
            self, request, object_id, step=steps.ADMIT, form_class=forms.CommentForm,
            title=_("Admit the manufacturer"),
            intro=_("Check the identifiers first. Once admitted, the manufacturer is public and "
                    "its representatives can apply for products."),
            perform=lambda obj, data: workflow.admit(obj, request.user, data["comment"]),
            done=_("The manufacturer has been admitted to the register."),
        )

    def refuse_view(self, request, object_id):
        return transition_view(
            self, request, object_id, step=steps.REFUSE, form_class=forms.ReasonForm,
            title=_("Refuse admission"),
            perform=lambda obj, data: workflow.refuse_admission(obj, request.user,
                                                                data["reason"]),
            done=_("Admission has been refused."),
        )
