"""The registrar's direct load of a cross-reference table (registry.workflow.analogs): on the
desk, a page linked from the entries' list. A table with refused rows changes nothing unless
the registrar chooses to load its valid rows only; the refused rows are listed either way."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from manufacturers.models import Manufacturer
from products.crossref import CrossrefError, check, read_table
from products.models import Product

from ..workflow import TransitionError, rights
from ..workflow.analogs import load_analogs


class LoadAnalogsForm(forms.Form):
    manufacturer = forms.ModelChoiceField(Manufacturer.objects.admitted(),
                                          label=_("Manufacturer"))
    file = forms.FileField(
        label=_("Cross-reference table"),
        help_text=_("CSV or XLSX with a header row: domestic part, foreign part, compatibility, "
                    "note (in Russian or English)."),
    )
    reason = forms.CharField(
        label=_("Reason for loading without an application"), max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("Kept with every change in the decision log and the public history."),
    )
    valid_only = forms.BooleanField(
        label=_("Load the valid rows only and leave the refused ones out"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("file") is not None:
            try:
                data["table"] = read_table(data["file"])
            except CrossrefError as error:
                self.add_error("file", str(error))
        return data


def load_view(model_admin, request):
    if not rights.is_registrar(request.user):
        raise PermissionDenied
    posted = request.method == "POST"
    form = LoadAnalogsForm(request.POST if posted else None, request.FILES if posted else None)
    problems = []
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            changes = load_analogs(request.user, data["manufacturer"], data["table"],
                                   reason=data["reason"], valid_only=data["valid_only"])
        except TransitionError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, error.messages)
            problems = check(read_table(data["file"]), data["manufacturer"]).problems
        else:
            messages.success(request, ngettext(
                "The table is loaded: %(n)d entry corrected.",
                "The table is loaded: %(n)d entries corrected.", len(changes))
                % {"n": len(changes)})
            return redirect("admin:products_product_changelist")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Product._meta,
        "title": _("Load declared analogs from a cross-reference table"),
        "form": form,
        "problems": problems,
        "media": model_admin.media + form.media,
    }
    return TemplateResponse(request, "admin/registry/load_analogs.html", context)


def urls(model_admin):
    """The page's address under the entries' admin (ProductAdmin.get_urls)."""
    return [path("load-analogs/", model_admin.admin_site.admin_view(
        lambda request: load_view(model_admin, request)), name="products_product_load_analogs")]

