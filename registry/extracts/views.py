"""Issuing extracts (site and API), verifying them, and publishing the public keys."""

import re

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from products.models import Product
from products.models.entries import REGISTRY_NUMBER_PATTERN
from registry.public_url import absolute

from ..security import ratelimit
from . import issuing, keys, wording
from .content import changed_facts, entry_facts, iso_instant, status_facts
from .identifiers import grouped, normalise
from .models import Extract, ExtractLanguage
from .verification import verify_record

REGISTRY_NUMBER = re.compile(REGISTRY_NUMBER_PATTERN)
KEYS_CACHE_SECONDS = 3600


# --- Issuing ------------------------------------------------------------------------------------

@require_GET
def product_extract(request, registry_number):
    """Site: a new extract of the entry, as a PDF attachment (?lang=en for English)."""
    return _issue(request, registry_number, api=False)


@require_GET
def api_product_extract(request, registry_number):
    """API: the same, with errors as JSON."""
    return _issue(request, registry_number, api=True)


def _issue(request, registry_number, api):
    language = request.GET.get("lang", ExtractLanguage.RUSSIAN)
    if language not in ExtractLanguage.values:
        return _refusal(request, api, 400, _(
            "Extracts are issued in Russian (lang=ru) or English (lang=en)."))
    product = _entry(request, registry_number)
    if product is None:
        return _refusal(request, api, 404, _("There is no register entry with this number."))
    decision = ratelimit.take(request, "extracts", settings.EXTRACT_RATE_WINDOW,
                              settings.EXTRACT_RATE_LIMIT)
    if not decision.allowed:
        response = _refusal(request, api, 429, _(
            "Too many extracts were requested from your address. Please try again later."))
        response["Retry-After"] = str(decision.retry_after)
        return response
    issued = issuing.issue(
        product, language=language,
        verification_url=lambda code: absolute(reverse("extract-verify", args=[code]), request),
        keys_url=absolute(reverse("extract-keys"), request),
    )
    return _pdf_response(issued)


def _entry(request, registry_number):
    if not REGISTRY_NUMBER.match(registry_number):
        return None
    entries = Product.objects.restrict(request.user).with_related()
    return entries.filter(registry_number=registry_number).first()


def _pdf_response(issued):
    extract = issued.extract
    response = HttpResponse(issued.pdf, content_type="application/pdf")
    filename = f"extract-{extract.product.registry_number}-{extract.code}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    response["X-Extract-Id"] = extract.code
    return response


def _refusal(request, api, status, message):
    if api:
        return JsonResponse({"detail": message}, status=status)
    return render(request, "extracts/refused.html", {"message": message}, status=status)


# --- Verifying ----------------------------------------------------------------------------------

@require_GET
def verify_lookup(request):
    """A form for an id read off paper; a valid one goes to its verification page."""
    typed = request.GET.get("id", "")
    error = ""
    if typed:
        code = normalise(typed)
        if code:
            return redirect("extract-verify", code)
        error = _("An extract id has 16 letters and digits, e.g. 7K3M-Q9XA-2D4F-HT8B.")
    return render(request, "extracts/verify_lookup.html", {"typed": typed[:64], "error": error},
                  status=400 if error else 200)


def _find(extract_id):
    code = normalise(extract_id)
    if code is None:
        return None, None
    queryset = Extract.objects.select_related("product__manufacturer", "product__category")
    return code, queryset.filter(code=code).first()


@require_GET
def verify_page(request, extract_id):
    code, extract = _find(extract_id)
    if code and code != extract_id:
        return redirect("extract-verify", code, permanent=True)
    if extract is None:
        return render(request, "extracts/not_found.html", {"typed": extract_id}, status=404)
    return render(request, "extracts/verify.html", _page(_report(extract)))


@require_GET
def verify_json(request, extract_id):
    _code, extract = _find(extract_id)
    if extract is None:
        return JsonResponse({"detail": _("No extract with this id was issued by the register.")},
                            status=404)
    report = _report(extract)
    verdict = report["verdict"]
    return JsonResponse({
        "extract_id": extract.code,
        "genuine": verdict.genuine,
        "problem": verdict.problem or None,
        "message": str(verdict.message) or None,
        "issued_at": iso_instant(extract.issued_at),
        "signature": {"algorithm": keys.ALGORITHM, "key_id": extract.key_id,
                      "signature": extract.signature},
        "signed_content": extract.content,
        "content": verdict.content,
        "entry_now": {
            "url": absolute(extract.product.get_absolute_url(), request),
            "status": report["status_now"],
        },
        "status_changed": report["status_changed"],
        "changed_since_issue": report["changed"],
    }, json_dumps_params={"ensure_ascii": False})


def _report(extract):
    """What the verification page and its JSON say about one extract."""
    verdict = verify_record(extract)
    product = extract.product
    then = verdict.content or {}
    # The authority that registered the entry is a fact of the append-only log: it cannot
    # have changed since the extract stated it, so it is not read again.
    now_entry = entry_facts(product, authority=then.get("entry", {}).get("decision_authority"))
    now_status = status_facts(product)
    changed = changed_facts(then.get("entry", {}), now_entry) if verdict.genuine else []
    status_changed = verdict.genuine and then["status"] != now_status
    return {
        "extract": extract,
        "extract_id": grouped(extract.code),
        "verdict": verdict,
        "then": then,
        "product": product,
        "entry_now": now_entry,
        "status_now": now_status,
        "status_changed": status_changed,
        "changed": changed,
    }


def _page(report):
    """The report in words of the visitor's language."""
    then, product = report["then"], report["product"]
    words = {
        "issued": wording.instant(iso_instant(report["extract"].issued_at)),
        "status_now_label": wording.status_label(product.status),
        "now_sentences": wording.status_sentences(report["status_now"], report["entry_now"]),
        "changed_labels": wording.changed_fact_labels(report["changed"]),
    }
    if then:
        words.update({
            "status_then_label": wording.status_label(then["status"].get("code")),
            "then_sentences": wording.status_sentences(then["status"], then["entry"]),
            "then_rows": wording.fact_rows(then["entry"]),
        })
    return {**report, **words}


# --- Public keys --------------------------------------------------------------------------------

@require_GET
def public_keys(request):
    response = JsonResponse(keys.keys_document())
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"public, max-age={KEYS_CACHE_SECONDS}"
    return response

