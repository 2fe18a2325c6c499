"""An organisation applies to be admitted as a manufacturer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ... import workflow
from ..forms import AdmissionForm


@login_required
def admission(request):
    form = AdmissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            manufacturer = workflow.apply_for_admission(request.user, form.instance)
        except workflow.TransitionError as error:
            messages.error(request, error.message)
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_messages)
        else:
            messages.success(request, _(
                "The application to admit %(maker)s has been sent. A registrar checks it and "
                "decides; you will receive the decision by e-mail.") % {"maker": manufacturer})
            return redirect("portal:home")
    return render(request, "portal/admission.html", {"form": form})
