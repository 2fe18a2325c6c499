"""A representative's catalogue batches: upload a CSV or XLSX file, see each row's verdict
(new entry, amendment with the changed fields, unchanged, errors by column), drop rows or
upload a corrected file, and submit the batch (registry.workflow.batches)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...batches import columns
from ...models import Batch, RowOutcome
from ...workflow import TransitionError, rights
from ...workflow import batches as workflow
from ..forms import DocumentForm
from ..forms.batches import BatchSubmitForm, CatalogueForm

ROWS_PER_PAGE = 200
FILTERS = {
    "new": {"outcome": RowOutcome.NEW, "dropped": False},
    "amend": {"outcome": RowOutcome.AMEND, "dropped": False},
    "unchanged": {"outcome": RowOutcome.UNCHANGED, "dropped": False},
    "error": {"outcome": RowOutcome.ERROR, "dropped": False},
    "dropped": {"dropped": True},
}


def my_batches(user):
    if not user.is_authenticated:
        return Batch.objects.none()
    return Batch.objects.filter(manufacturer__memberships__user=user).distinct() \
        .select_related("manufacturer")


@login_required
def upload(request):
    """The batches of one's manufacturers, and the upload of a new one."""
    posted = request.method == "POST"
    form = CatalogueForm(request.POST if posted else None, request.FILES if posted else None,
                         user=request.user)
    if posted and form.is_valid():
        headers, rows = form.cleaned_data["table"]
        try:
            batch = workflow.check_and_stage(
                request.user, form.cleaned_data["manufacturer"], headers, rows,
                file_name=form.cleaned_data["file"].name)
        except TransitionError as error:
            messages.error(request, error.message)
        else:
            return redirect("portal:batch", batch.pk)
    return render(request, "portal/batches.html", {
        "form": form, "batches": my_batches(request.user)[:50],
        "can_apply": form.fields["manufacturer"].queryset.exists(),
    })


def template(request, extension):
    """The empty catalogue with its columns and one filled example row."""
    if extension not in ("csv", "xlsx"):
        raise Http404
    language = "en" if (request.GET.get("lang") or get_language() or "ru").startswith("en") \
        else "ru"
    if extension == "xlsx":
        response = HttpResponse(
            columns.template_xlsx(language),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        response = HttpResponse(columns.template_csv(language),
                                content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="catalogue-template.{extension}"'
    return response


def _batch_for(user, pk):
    return get_object_or_404(my_batches(user), pk=pk)


@login_required
def detail(request, pk):
    batch = _batch_for(request.user, pk)
    shown = request.GET.get("show", "")
    rows = batch.rows.select_related("product", "application").order_by("line")
    if shown in FILTERS:
        rows = rows.filter(**FILTERS[shown])
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    editable = batch.state == "staged" and rights.can_edit(request.user, batch.manufacturer)
    return render(request, "portal/batch.html", {
        "batch": batch, "page": page, "shown": shown,
        "rows": [_shown(row) for row in page.object_list],
        "summary": workflow.summary(batch),
        "filters": [("", _("all"))] + [(key, label) for key, label in (
            ("new", _("new entries")), ("amend", _("amendments")),
            ("unchanged", _("unchanged")), ("error", _("errors")), ("dropped", _("dropped")))],
        "editable": editable,
        "upload_form": CatalogueForm(user=request.user, manufacturer=batch.manufacturer),
        "submit_form": BatchSubmitForm(),
        "documents": list(batch.documents.order_by("pk")),
        "document_form": DocumentForm(),
    })


def _shown(row):
    return {
        "row": row,
        "changed": [columns.BY_NAME[name].label if name in columns.BY_NAME else name
                    for name in row.changed],
    }


@login_required
@require_POST
def act(request, pk):
    """The representative's steps on a staged batch: drop or keep rows, drop every row with
    errors, upload a corrected file, submit."""
    batch = _batch_for(request.user, pk)
    action = request.POST.get("action", "")
    try:
        if action in ("drop", "keep"):
            lines = _lines(request.POST.getlist("line"))
            workflow.drop_rows(batch, request.user, lines, dropped=action == "drop")
        elif action == "drop_errors":
            workflow.drop_errors(batch, request.user)
        elif action == "upload":
            form = CatalogueForm(request.POST, request.FILES, user=request.user,
                                 manufacturer=batch.manufacturer)
            if not form.is_valid():
                for errors in form.errors.values():
                    for message in errors:
                        messages.error(request, message)
                return redirect("portal:batch", batch.pk)
            headers, rows = form.cleaned_data["table"]
            workflow.check_and_stage(request.user, batch.manufacturer, headers, rows,
                                     file_name=form.cleaned_data["file"].name, batch=batch)
            messages.success(request, _("The corrected file has replaced the rows of the batch."))
        elif action == "document":
            form = DocumentForm(request.POST, request.FILES)
            if not form.is_valid():
                for errors in form.errors.values():
                    for message in errors:
                        messages.error(request, message)
                return redirect("portal:batch", batch.pk)
            workflow.add_batch_document(batch, request.user, kind=form.cleaned_data["kind"],
                                        file=form.cleaned_data["file"],
                                        title=form.cleaned_data["title"])
            messages.success(request, _("The document will go with every row of the batch."))
        elif action == "remove_document":
            workflow.remove_batch_document(batch, request.user,
                                           _number(request.POST.get("document")))
        elif action == "submit":
            form = BatchSubmitForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors.get("note") or _("Check the note."))
            batch = workflow.submit_batch(batch, request.user, form.cleaned_data["note"])
            count = batch.rows.filter(application__isnull=False).count()
            messages.success(request, ngettext(
                "Batch No. %(number)s has been submitted: %(n)d application awaits the "
                "registrars.",
                "Batch No. %(number)s has been submitted: %(n)d applications await the "
                "registrars.", count) % {"number": batch.reference, "n": count})
        else:
            raise Http404
    except TransitionError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("portal:batch", batch.pk)


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("Choose a document.")) from None


def _lines(values):
    lines = []
    for value in values:
        try:
            lines.append(int(value))
        except (TypeError, ValueError):
            continue
    if not lines:
        raise ValidationError(_("Choose the rows first."))
    return lines
