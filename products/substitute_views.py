"""Finding domestic substitutes: for one foreign part, and for a whole bill of materials."""

import datetime

from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from . import bom, exports
from .forms import BomLayoutForm, BomUploadForm, SubstituteForm
from .models import Product
from .search import SKELETON, PartNumberQuery
from .substitutes import SAME_PART, find_substitutes

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
    form = BomUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        token = bom.stage(form.rows, form.cleaned_data["file"].name)
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
    """Step two without a layout in the URL; the answer once the reader has chosen one."""
    staged, gone = _staged_or_gone(request, token)
    if gone:
        return gone
    rows = staged["rows"]
    chosen = "part" in request.GET
    form = BomLayoutForm(rows, request.GET if chosen else None,
                         initial=_initial_layout(rows))
    letters = bom.column_letters(rows)
    preview = [(number, cells + [""] * (len(letters) - len(cells)))
               for number, cells in rows[:bom.PREVIEW_ROWS]]
    context = {"form": form, "token": token, "name": staged["name"], "line_count": len(rows),
               "preview": preview, "letters": letters}
    if chosen and form.is_valid():
        lines = bom.answer(rows, form.layout())
        context.update(lines=lines, layout_query=request.GET.urlencode(),
                       found=sum(1 for line in lines if line.substitutes),
                       missing=sum(1 for line in lines if line.part and not line.substitutes))
    return render(request, "products/bom.html", context, status=400 if chosen and not
                  form.is_valid() else 200)


def _initial_layout(rows):
    guess = bom.guess_layout(rows)
    return {"header": BomLayoutForm.NO_HEADER if guess.header is None else guess.header,
            "part": guess.part, "quantity": guess.quantity}


BOM_HEADER = [
    _("Line"), _("Part number in the list"), _("Quantity"), _("Substitute"), _("Name"),
    _("Manufacturer"), _("Country"), _("Compatibility"), _("Declared for"),
    _("Registry number"), _("Link"), _("Score"), _("Package"),
]


def bom_download(request, token, file_format):
    staged, gone = _staged_or_gone(request, token)
    if gone:
        return gone
    form = BomLayoutForm(staged["rows"], request.GET)
    if not form.is_valid():
        return redirect("bom-answer", token=token)
    lines = bom.answer(staged["rows"], form.layout())
    link = request.build_absolute_uri("/")[:-1]
    filename = f"bom-substitutes-{datetime.date.today():%Y-%m-%d}"
    return exports.download(filename, file_format, _("Substitutes"), BOM_HEADER,
                            _answer_rows(lines, link))


def _answer_rows(lines, site):
    for line in lines:
        if not line.part:
            continue
        if not line.substitutes:
            yield [line.number, line.part, line.quantity, str(_("no registered substitute"))]
            continue
        for substitute in line.substitutes:
            product = substitute.product
            yield [
                line.number, line.part, line.quantity, product.part_number, product.name,
                product.manufacturer.short_name, product.manufacturer.get_country_display(),
                str(substitute.level_label), _declared_for(substitute),
                product.registry_number, site + product.get_absolute_url(),
                substitute.score, str(substitute.package_note),
            ]


def _declared_for(candidate):
    if candidate.match is None:
        return str(_("parameters of the category"))
    return str(_("this part") if candidate.match == SAME_PART else _("its family"))
