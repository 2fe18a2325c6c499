"""Finding domestic substitutes: for one foreign part, and for a whole bill of materials."""

import datetime
from dataclasses import replace
from urllib.parse import urlencode

from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from . import bom, exports
from .forms import BomLayoutForm, BomUploadForm, SubstituteForm
from .models import Product
from .search import SKELETON, PartNumberQuery
from .substitutes import find_substitutes

REGISTERED_MATCHES = 3


def substitutes(request):
    form = SubstituteForm(request.GET if "part" in request.GET else None)
    context = {"form": form}
    status = 200
    if form.is_bound and form.is_valid():
        part = form.cleaned_data["part"]
        candidates = find_substitutes(part)
        entries = Product.objects.restrict(request.user)
        context.update(
            part=part,
            substitutes=candidates,
            # Someone may paste a domestic part number: say that it is registered itself.
            registered=PartNumberQuery(part).apply(entries, min_rank=SKELETON)
            .with_related().order_by("part_number", "pk")[:REGISTERED_MATCHES],
            # "Search similar" is offered only when that search has something to show.
            similar=not candidates and PartNumberQuery(part).apply(entries).exists(),
        )
    elif form.is_bound:
        status = 400
    return render(request, "products/substitutes.html", context, status=status)


def bom_upload(request):
    posted = request.method == "POST"
    form = BomUploadForm(request.POST, request.FILES) if posted else BomUploadForm()
    if posted and form.is_valid():
        token = bom.stage(form.rows, form.name())
        return redirect("bom-answer", token=token)
    status = 400 if form.is_bound else 200
    return render(request, "products/bom_upload.html", {"form": form,
                                                          "max_rows": bom.MAX_ROWS},
                  status=status)


def _staged_or_gone(request, token):
    staged = bom.staged(token)
    if staged is None:
        gone = _("This bill of materials is no longer kept (uploads are kept for an hour). "
                 "Upload it again.")
        return None, render(request, "products/bom_upload.html",
                            {"form": BomUploadForm(), "max_rows": bom.MAX_ROWS, "gone": gone},
                            status=410)
    return staged, None


def bom_answer(request, token):
    """The answer with the guessed layout at once, or with the one the reader chose."""
    staged, gone = _staged_or_gone(request, token)
    if gone:
        return gone
    rows = staged["rows"]
    guess = bom.guess_layout(rows)
    chosen = "part" in request.GET
    form = BomLayoutForm(rows, request.GET if chosen else None, initial=_initial(guess))
    letters = bom.column_letters(rows)
    preview = [(number, cells + [""] * (len(letters) - len(cells)))
               for number, cells in rows[:bom.PREVIEW_ROWS]]
    context = {"form": form, "token": token, "name": staged["name"], "line_count": len(rows),
               "preview": preview, "letters": letters, "chosen": chosen}
    if not chosen or form.is_valid():
        layout = form.layout() if chosen else guess
        lines = bom.answer(rows, layout)
        columns = bom.header_names(rows, layout.header)
        context.update(
            lines=lines,
            answered=[(line, list(zip(columns, line.cells, strict=True))) for line in lines],
            summary=bom.summary(lines), layout_query=_query(layout), columns=columns,
            warning=_warning(rows, layout),
        )
    return render(request, "products/bom.html", context, status=400 if chosen and not
                  form.is_valid() else 200)


def _initial(layout):
    return {"header": BomLayoutForm.NO_HEADER if layout.header is None else layout.header,
            "part": layout.part, "quantity": layout.quantity}


def _query(layout):
    values = {key: "" if value is None else value for key, value in _initial(layout).items()}
    return urlencode(values)


def _warning(rows, layout):
    """The part column's warning, each better column with the query that reads it."""
    warning = bom.check_part_column(rows, layout)
    if warning is None:
        return None
    others = [(column, _query(replace(layout, part=column.index,
                                      quantity=None if layout.quantity == column.index
                                      else layout.quantity)))
              for column in warning.others]
    return {"column": warning.column, "others": others}


def bom_download(request, token, file_format):
    staged, gone = _staged_or_gone(request, token)
    if gone:
        return gone
    rows = staged["rows"]
    form = BomLayoutForm(rows, request.GET)
    if not form.is_valid():
        return redirect("bom-answer", token=token)
    layout = form.layout()
    lines = bom.answer(rows, layout)
    site = request.build_absolute_uri("/")[:-1]
    filename = f"bom-substitutes-{datetime.date.today():%Y-%m-%d}"
    return exports.download(filename, file_format, _("Substitutes"),
                            bom.download_header(rows, layout), bom.download_rows(lines, site))
