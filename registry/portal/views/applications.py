"""A representative's applications: the list, a new one, one application, its editing and the
steps the manufacturer takes (submit, answer, withdraw). Which steps a page offers is the
workflow's to say (`available_steps`); the views only show them and pass them on."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms.utils import ErrorDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ... import proposals, workflow
from ...feed.reading import public_history
from ...models import Action, ApplicationKind, ApplicationState
from ...models.decisions import REGISTRAR_ACTIONS
from ...workflow import rights
from ...workflow.steps import APPLICATION, available_steps, standing_of
from ..access import application_for, my_applications
from ..forms import (
    AnswerForm,
    DocumentForm,
    NewApplicationForm,
    NoteForm,
    ProposalForms,
    WithdrawalNoteForm,
)
from .common import refused
from .entries import expiring_soon

PAGE_SIZE = 25


@login_required
def home(request):
    applications = my_applications(request.user)
    state = request.GET.get("state", "")
    if state in ApplicationState.values:
        applications = applications.filter(state=state)
    return render(request, "portal/home.html", {
        "page": Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page")),
        "state": state,
        "states": ApplicationState.choices,
        "memberships": request.user.memberships.select_related("manufacturer")
        .order_by("manufacturer__short_name_ru"),
        "can_apply": rights.editable_manufacturers(request.user).exists(),
        "expiring": expiring_soon(request.user),
    })


@login_required
def new(request):
    """Step one (GET): what and for whom; step two: the data, saved as a draft (POST)."""
    chooser = NewApplicationForm(request.GET or None, user=request.user)
    if not chooser.is_bound or not chooser.is_valid():
        return render(request, "portal/new.html", {
            "chooser": chooser,
            "can_apply": chooser.fields["manufacturer"].queryset.exists(),
        })
    choice = chooser.cleaned_data
    kind, product = choice["kind"], choice.get("product")
    data = request.POST if request.method == "POST" else None
    if kind == ApplicationKind.WITHDRAW:
        proposal_forms, note_form = None, WithdrawalNoteForm(data)
    elif kind == ApplicationKind.RENEW:
        proposal_forms, note_form = None, NoteForm(data)
    else:
        initial = proposals.of_entry(product) if product else proposals.empty(choice["category"])
        proposal_forms, note_form = ProposalForms(data, initial=initial), NoteForm(data)
    if data is not None and not _adding_row(proposal_forms, note_form) \
            and _valid(proposal_forms, note_form):
        try:
            application = workflow.create_application(
                request.user, choice["manufacturer"], kind, product=product,
                data=proposal_forms.proposal() if proposal_forms else None,
                note=note_form.cleaned_data["note"],
            )
        except ValidationError as error:
            _show_errors(error, proposal_forms, note_form)
        except workflow.TransitionError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The draft is saved. Check it, add documents and "
                                        "submit it to the registrars."))
            return redirect("portal:application", application.pk)
    return render(request, "portal/edit.html", {
        "kind": kind, "kind_label": ApplicationKind(kind).label,
        "manufacturer": choice["manufacturer"], "product": product,
        "forms": proposal_forms, "note_form": note_form, "creating": True,
    })


@login_required
def detail(request, pk, document_form=None):
    application = application_for(request.user, pk)
    return render(request, "portal/detail.html", detail_context(
        application, request.user, document_form=document_form))


def detail_context(application, user, document_form=None):
    decisions = list(application.decisions.exclude(action=Action.COMMENTED)
                     .select_related("actor").order_by("occurred_at", "pk"))
    for decision in decisions:
        decision.by_registrar = decision.action in REGISTRAR_ACTIONS
    context = {
        "application": application,
        "decisions": decisions,
        "documents": application.documents.all(),
        "document_form": document_form or DocumentForm(),
        "answer_form": AnswerForm(),
        "can_change": application.can_edit and application.is_editable,
        "steps": {step.name: step for step in available_steps(application, user)},
        "request_for_changes": next((d for d in reversed(decisions)
                                     if d.action == "application.changes_requested"), None),
    }
    if application.kind == ApplicationKind.INCLUDE:
        context["rows"] = proposals.rows(application.proposal)
    elif application.kind == ApplicationKind.AMEND:
        context["rows"] = proposals.rows(application.proposal, application.base)
        context["side_by_side"] = True
    if application.state == ApplicationState.APPROVED and application.product_id:
        context["history"] = public_history(application.product)
    return context


@login_required
def edit(request, pk):
    application = application_for(request.user, pk)
    if not application.can_edit:
        messages.error(request, _("You may read this application but not change it."))
        return redirect("portal:application", pk)
    if not application.is_editable:
        messages.error(request, _("The application is %(state)s; it can no longer be changed.")
                       % {"state": application.get_state_display()})
        return redirect("portal:application", pk)
    data = request.POST if request.method == "POST" else None
    withdrawal = application.kind == ApplicationKind.WITHDRAW
    note_form = (WithdrawalNoteForm if withdrawal else NoteForm)(
        data, initial={"note": application.note, "version": workflow.version_of(application)})
    without_data = application.kind in (ApplicationKind.WITHDRAW, ApplicationKind.RENEW)
    proposal_forms = None if without_data else ProposalForms(data,
                                                             initial=application.proposal)
    if data is not None and not _adding_row(proposal_forms, note_form) \
            and _valid(proposal_forms, note_form):
        try:
            workflow.update_draft(
                application, request.user, note=note_form.cleaned_data["note"],
                data=proposal_forms.proposal() if proposal_forms else None,
                version=note_form.cleaned_data["version"],
            )
        except ValidationError as error:
            _show_errors(error, proposal_forms, note_form)
        except workflow.StaleEdit as error:
            # Their input stays on the page to copy; saving it needs the page opened anew.
            messages.error(request, error.message)
        except workflow.TransitionError as error:
            return refused(request, error, application)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("portal:application", pk)
    return render(request, "portal/edit.html", {
        "application": application, "kind": application.kind,
        "kind_label": application.get_kind_display(),
        "manufacturer": application.manufacturer, "product": application.product,
        "forms": proposal_forms, "note_form": note_form,
    })


@login_required
@require_POST
def submit(request, pk):
    """Submit a draft, or answer the registrar's request and resubmit."""
    application = application_for(request.user, pk)
    try:
        if application.state == ApplicationState.CHANGES_REQUESTED:
            answer = AnswerForm(request.POST)
            comment = answer.cleaned_data["comment"] if answer.is_valid() else ""
            workflow.resubmit(application, request.user, comment)
        else:
            workflow.submit(application, request.user)
    except workflow.TransitionError as error:
        return refused(request, error, application)
    except ValidationError as error:
        messages.error(request, _("The application cannot be submitted as it is: %(errors)s")
                       % {"errors": " ".join(error.messages)})
        return redirect("portal:application", pk)
    messages.success(request, _("The application has been submitted to the registrars."))
    return redirect("portal:application", pk)


@login_required
def withdraw(request, pk):
    application = application_for(request.user, pk)
    refusal = APPLICATION.refusal("withdraw", application, standing_of(request.user))
    if refusal is not None:  # a form for a step the workflow would refuse only misleads
        return refused(request, refusal, application)
    if request.method == "POST":
        try:
            workflow.withdraw_application(application, request.user,
                                          request.POST.get("comment", "")[:5000])
        except workflow.TransitionError as error:
            return refused(request, error, application)
        messages.success(request, _("The application has been withdrawn."))
        return redirect("portal:application", pk)
    return render(request, "portal/withdraw.html", {"application": application})


def _adding_row(proposal_forms, note_form):
    """The page is posted to get one more row: shown again, nothing saved, nothing judged."""
    if proposal_forms is None or not proposal_forms.adding_row:
        return False
    proposal_forms.hold_errors()
    note_form._errors = ErrorDict()
    return True


def _valid(proposal_forms, note_form):
    results = [note_form.is_valid(), proposal_forms is None or proposal_forms.is_valid()]
    return all(results)


def _show_errors(error, proposal_forms, note_form):
    if "note" in error.message_dict:
        note_form.add_error("note", error.message_dict.pop("note"))
    if proposal_forms is not None:
        proposal_forms.add_errors(error)
    elif error.message_dict:
        note_form.add_error(None, error.messages)
