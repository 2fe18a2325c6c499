"""The admin's door to the workflow: an intermediate page with the decision's form; on POST
the workflow function is called, and a refusal becomes a message that changes nothing.

Which decisions a change page offers is asked of the workflow's table of steps
(`available_steps`), the same table the workflow checks when the decision is taken; a
decision's page names the step it takes (its label is the default button)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from ..workflow import TransitionError
from ..workflow.steps import Step, jurisdiction_refusal


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def transition_view(model_admin, request, object_id, *, step: Step | None, form_class, title,
                    perform, done, button=None, initial=None, intro=""):
    obj = model_admin.get_object(request, object_id)
    if obj is None:
        raise Http404
    if not model_admin.has_view_permission(request, obj):
        raise PermissionDenied
    if step is not None:
        # The other state's matter: said at once, rather than after the form is filled in.
        refusal = jurisdiction_refusal(obj, request.user)
        if refusal is not None:
            messages.error(request, refusal.message)
            return redirect(change_url(obj))
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            result = perform(obj, form.cleaned_data)
        except TransitionError as error:
            messages.error(request, error.message)
            return redirect(change_url(obj))
        except ValidationError as error:
            _show_errors(form, error)
        else:
            # In the desk's "My actions", as the admin's own saves are.
            model_admin.log_change(request, obj, str(step.label if step else title))
            # `done`: the message, or a function of what the step returned (to name a number).
            messages.success(request, done(result) if callable(done) else done)
            return redirect(change_url(obj))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": obj,
        "title": title,
        "intro": intro,
        "form": form,
        "button": button or step.label,
        "media": model_admin.media + form.media,
        "cancel_url": change_url(obj),
    }
    return TemplateResponse(request, "admin/registry/transition_form.html", context)


def _show_errors(form, error):
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


class RefusalsAsMessages:
    """A ModelAdmin mixin: the workflow's refusals of a save or a deletion (e.g. by a member of
    staff who is not a registrar, or of a stale edit) as messages, on the same page."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except TransitionError as error:
            self.message_user(request, error.message, messages.ERROR)
            return redirect(request.path)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except TransitionError as error:
            self.message_user(request, error.message, messages.ERROR)
            return redirect(request.path)
