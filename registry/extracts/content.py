"""The content of an extract, and the canonical JSON form in which it is signed.

Canonical form (docs/extracts.md): UTF-8 JSON with object keys sorted by code point, no
whitespace between tokens, non-ASCII characters written as themselves and only the quote,
the backslash and control characters escaped; values are strings, integers, null, objects and
arrays, never floats. That is what `json.dumps(value, sort_keys=True, separators=(",", ":"),
ensure_ascii=False)` writes, and for the values an extract holds (ASCII keys, no floats) it is
also the JSON Canonicalization Scheme of RFC 8785.
"""

import datetime
import json

from ..models import Action, Decision

SCHEMA = "register-extract/1"


def canonical_bytes(value):
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False,
    ).encode("utf-8")


def iso_day(day):
    return day.isoformat() if day else None


def iso_instant(moment):
    """UTC to the second, with a Z: 2026-03-12T11:05:33Z."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def manufacturer_facts(manufacturer):
    return {
        "slug": manufacturer.slug,
        "name_ru": manufacturer.name_ru,
        "name_en": manufacturer.name_en,
        "short_name_ru": manufacturer.short_name_ru,
        "short_name_en": manufacturer.short_name_en,
        "country": manufacturer.country,
        "unp": manufacturer.unp,
        "inn": manufacturer.inn,
        "ogrn": manufacturer.ogrn,
    }


def entry_facts(product, authority=None):
    """What the register says about an entry, apart from its status. `authority`: the
    deciding authority when already known (else read from the decision log)."""
    category = product.category
    return {
        "registry_number": product.registry_number,
        "part_number": product.part_number,
        "name_ru": product.name_ru,
        "name_en": product.name_en,
        "package": product.package,
        "manufacturer": manufacturer_facts(product.manufacturer),
        "category": {"slug": category.slug, "code": category.code,
                     "name_ru": category.name_ru, "name_en": category.name_en},
        "tnved_code": product.tnved_code,
        "okpd2_code": product.okpd2_code,
        "registered_at": iso_day(product.registered_at),
        "valid_until": iso_day(product.valid_until),
        "decision_number": product.decision_number,
        "decision_date": iso_day(product.decision_date),
        "decision_authority": authority or deciding_authority(product),
    }


def deciding_authority(product):
    """The state whose ministry registered the entry ("BY", "RU"): that of the decision that
    included it, else (an entry older than the log names authorities) the manufacturer's."""
    authority = Decision.objects.filter(
        product=product, action__in=[Action.APPROVED, Action.ENTRY_REGISTERED],
    ).exclude(authority="").order_by("occurred_at", "pk").values_list("authority", flat=True) \
        .first()
    return authority or product.manufacturer.country


def status_facts(product):
    return {
        "code": product.effective_status,  # expired from the day after valid_until
        "suspended_at": iso_day(product.suspended_at),
        "suspension_reason": product.suspension_reason,
        "suspension_reason_code": product.suspension_reason_code,
        "suspension_legal_basis": product.suspension_legal_basis,
        "excluded_at": iso_day(product.excluded_at),
        "exclusion_reason": product.exclusion_reason,
        "exclusion_legal_basis": product.exclusion_legal_basis,
        "exclusion_note": product.exclusion_note,
    }


def extract_content(product, *, extract_id, issued_at, language, verification_url):
    return {
        "schema": SCHEMA,
        "extract_id": extract_id,
        "issued_at": iso_instant(issued_at),
        "language": language,
        "verification_url": verification_url,
        "entry": entry_facts(product),
        "status": status_facts(product),
    }


def changed_facts(then, now, prefix=""):
    """Dotted names of the facts that differ between two `entry_facts` dicts."""
    changed = []
    # A fact an older extract did not state yet (decision_authority) is not a change.
    for name in sorted(set(then) | (set(now) if prefix else set(now) & set(then))):
        before, after = then.get(name), now.get(name)
        if isinstance(before, dict) and isinstance(after, dict):
            changed += changed_facts(before, after, f"{prefix}{name}.")
        elif before != after:
            changed.append(f"{prefix}{name}")
    return changed
