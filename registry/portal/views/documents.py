"""Documents of an application: upload (checked by content), download, removal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from products.downloads import document_response

from ... import workflow
from ..access import application_for
from ..forms import DocumentForm
from .applications import detail
from .common import refused


@login_required
@require_POST
def upload(request, pk):
    application = application_for(request.user, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            workflow.add_document(application, request.user, kind=form.cleaned_data["kind"],
                                  title=form.cleaned_data["title"], file=form.cleaned_data["file"])
        except workflow.TransitionError as error:
            return refused(request, error, application)
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_messages)
        else:
            messages.success(request, _("The document has been attached."))
            return redirect("portal:application", pk)
    messages.error(request, _("The document was not attached; see the message at the form."))
    return detail(request, pk, document_form=form)


@login_required
def download(request, pk, document_pk):
    application = application_for(request.user, pk)
    document = get_object_or_404(application.documents, pk=document_pk)
    return document_response(document, f"application-{application.reference}")


@login_required
@require_POST
def remove(request, pk, document_pk):
    application = application_for(request.user, pk)
    document = get_object_or_404(application.documents, pk=document_pk)
    try:
        workflow.remove_document(application, request.user, document)
    except workflow.TransitionError as error:
        return refused(request, error, application)
    messages.success(request, _("The document has been removed."))
    return redirect("portal:application", pk)
