"""A representative's cross-reference table: upload, preview (per entry: analogs added,
changed, unchanged; refused rows with their line and reason), and submission as amendments
the registrars review (registry.workflow.analogs)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from products import crossref
from products.models.parts import Compatibility

from ...workflow import TransitionError, rights
from ...workflow.analogs import check_for_amendment, propose_analogs
from ..forms.analogs import AnalogSubmitForm, AnalogTableForm


@login_required
def upload(request):
    posted = request.method == "POST"
    form = AnalogTableForm(request.POST if posted else None, request.FILES if posted else None,
                           user=request.user)
    if posted and form.is_valid():
        token = crossref.stage(form.cleaned_data["table"], user=request.user.pk,
                               manufacturer=form.cleaned_data["manufacturer"].pk,
                               name=form.cleaned_data["file"].name[:120])
        return redirect("portal:analogs-preview", token)
    return render(request, "portal/analogs_upload.html", {
        "form": form, "can_apply": form.fields["manufacturer"].queryset.exists()})


@login_required
def preview(request, token):
    """GET: what the table would do; POST: submit it as amendments."""
    about, table, manufacturer = _staged_for(request.user, token)
    form = AnalogSubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            submitted = propose_analogs(
                request.user, manufacturer, table, note=form.cleaned_data["note"],
                valid_only=form.cleaned_data["valid_only"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        except TransitionError as error:
            messages.error(request, error.message)
        else:
            crossref.unstage(token)
            messages.success(request, ngettext(
                "%(n)d application to amend the declared analogs has been submitted to the "
                "registrars.",
                "%(n)d applications to amend the declared analogs have been submitted to the "
                "registrars.", len(submitted)) % {"n": len(submitted)})
            return redirect("portal:home")
        table = crossref.staged(token)[1]  # the rows as read, not as the check left them
    checked = check_for_amendment(table, manufacturer)
    return render(request, "portal/analogs_preview.html", {
        "form": form, "manufacturer": manufacturer, "name": about["name"],
        "checked": checked, "entries": [_shown(change)
                                        for change in crossref.changes_of(checked)],
    })


def _staged_for(user, token):
    """The staged table of this user, for a manufacturer they still edit for; else 404."""
    found = crossref.staged(token)
    if found is None or found[0].get("user") != user.pk:
        raise Http404(_("This table is no longer kept; upload it again."))
    manufacturer = rights.editable_manufacturers(user).filter(
        pk=found[0]["manufacturer"]).first()
    if manufacturer is None:
        raise Http404
    return found[0], found[1], manufacturer


def _label(analog):
    return {**analog, "compatibility_label": Compatibility(analog["compatibility"]).label}


def _shown(change):
    return {
        "product": change.product,
        "added": [_label(a) for a in change.added],
        "changed": [(_label(before), _label(after)) for before, after in change.changed],
        "unchanged": [_label(a) for a in change.unchanged],
    }
