"""An extract's facts and status in plain words, in the language currently active.

The PDF and the verification page both say it this way, from the signed content (or, for the
entry as it is now, from the same facts built afresh), so the two never disagree.
"""

import datetime

from django.utils import timezone
from django.utils.dateformat import format as format_datetime
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from manufacturers.models import Country
from products.models import ExclusionReason, ProductStatus
from registry import authorities


def day(iso):
    """A date of the content (YYYY-MM-DD) as people write it: 12 марта 2026 г."""
    if not iso:
        return "—"
    try:
        return date_format(datetime.date.fromisoformat(iso), "DATE_FORMAT")
    except ValueError:
        return iso


def instant(iso):
    """An instant of the content (UTC, Z) in the register's time zone, with its UTC offset."""
    try:
        moment = datetime.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        return str(iso)
    local = timezone.localtime(moment)
    return f"{date_format(local, 'DATE_FORMAT')}, {format_datetime(local, 'H:i:s')} " \
           f"(UTC{format_datetime(local, 'O')[:3]}:{format_datetime(local, 'O')[3:]})"


def localized(facts, field):
    """The English value when the language is English and it is filled, else the Russian."""
    if get_language() == "en" and facts.get(f"{field}_en"):
        return facts[f"{field}_en"]
    return facts.get(f"{field}_ru", "")


def status_label(code):
    return capfirst(str(dict(ProductStatus.choices).get(code, code)))


def _reason_label(code):
    return str(dict(ExclusionReason.choices).get(code, code))


def _country(code):
    return str(dict(Country.choices).get(code, code))


def _full_stop(sentence):
    """One full stop at the end, even after a Russian date that ends in one (2026 г.)."""
    return sentence[:-1] if sentence.endswith("..") else sentence


def status_sentences(status, entry):
    """What the status means, sentence by sentence."""
    return [_full_stop(sentence) for sentence in _status_sentences(status, entry)]


def _status_sentences(status, entry):
    code = status.get("code")
    if code == ProductStatus.REGISTERED:
        sentences = [_("The product is registered in the register.")]
        sentences.append(_("Registered on %(date)s.") % {"date": day(entry.get("registered_at"))})
        if entry.get("valid_until"):
            sentences.append(_("The entry is valid until %(date)s.")
                             % {"date": day(entry["valid_until"])})
        return sentences
    if code == ProductStatus.SUSPENDED:
        sentences = [_("The entry was suspended on %(date)s; while suspended it does not "
                       "confirm that the product is registered.")
                     % {"date": day(status.get("suspended_at"))}]
        if status.get("suspension_reason_code"):
            sentences.append(_("Reason: %(reason)s.")
                             % {"reason": _reason_label(status["suspension_reason_code"])})
        if status.get("suspension_legal_basis"):
            sentences.append(_("Legal basis: %(basis)s.")
                             % {"basis": status["suspension_legal_basis"]})
        if status.get("suspension_reason"):
            sentences.append(status["suspension_reason"] if status.get("suspension_reason_code")
                             else _("Reason: %(reason)s") % {"reason": status["suspension_reason"]})
        return sentences
    if code == ProductStatus.EXPIRED:
        return [_("The term of the registration ended on %(date)s; the entry no longer "
                  "confirms that the product is registered.")
                % {"date": day(entry.get("valid_until"))}]
    if code == ProductStatus.EXCLUDED:
        sentences = [
            _("The product was excluded from the register on %(date)s.")
            % {"date": day(status.get("excluded_at"))},
            _("Reason: %(reason)s.") % {"reason": _reason_label(status.get("exclusion_reason"))},
        ]
        if status.get("exclusion_legal_basis"):
            sentences.append(_("Legal basis: %(basis)s.")
                             % {"basis": status["exclusion_legal_basis"]})
        if status.get("exclusion_note"):
            sentences.append(status["exclusion_note"])
        return sentences
    return [_("Unknown status: %(code)s.") % {"code": code}]


def _identifiers(manufacturer):
    names = [("unp", _("UNP")), ("inn", _("INN")), ("ogrn", _("OGRN"))]
    return ", ".join(f"{label} {manufacturer[key]}" for key, label in names
                     if manufacturer.get(key))


def _decision(entry):
    if not entry.get("decision_number"):
        return ""
    if entry.get("decision_date"):
        return _("No. %(number)s of %(date)s") % {
            "number": entry["decision_number"], "date": day(entry["decision_date"])}
    return _("No. %(number)s") % {"number": entry["decision_number"]}


def fact_rows(entry):
    """[(label, value)] of an entry's facts, the optional ones only when present."""
    manufacturer, category = entry.get("manufacturer", {}), entry.get("category", {})
    rows = [
        (_("Registry number"), entry.get("registry_number", "")),
        (_("Part number"), entry.get("part_number", "")),
        (_("Name"), localized(entry, "name")),
        (_("Manufacturer"), f"{localized(manufacturer, 'name')} "
                            f"({_country(manufacturer.get('country'))})"),
        (_("Identifiers of the manufacturer"), _identifiers(manufacturer)),
        (_("Category"), localized(category, "name")),
        (_("Package"), entry.get("package", "")),
        (_("TN VED EAEU code"), entry.get("tnved_code") or "—"),
        (_("OKPD2 / OKRB code"), entry.get("okpd2_code") or "—"),
        (_("Registered on"), day(entry.get("registered_at"))),
        (_("Valid until"), day(entry.get("valid_until"))),
        (_("Decision"), _decision(entry)),
        (_("Deciding authority"), str(authorities.name(entry.get("decision_authority")))),
    ]
    return [(capfirst(label), value) for label, value in rows if value]


def _fact_names():
    return {
        "registry_number": _("Registry number"),
        "part_number": _("Part number"),
        "name_ru": _("Name (Russian)"),
        "name_en": _("Name (English)"),
        "package": _("Package"),
        "manufacturer": _("Manufacturer"),
        "category": _("Category"),
        "tnved_code": _("TN VED EAEU code"),
        "okpd2_code": _("OKPD2 / OKRB code"),
        "registered_at": _("Registered on"),
        "valid_until": _("Valid until"),
        "decision_number": _("Decision"),
        "decision_date": _("Decision"),
        "decision_authority": _("Deciding authority"),
    }


def changed_fact_labels(dotted_names):
    """Labels of changed facts, each once: manufacturer.name_ru and .inn are 'Manufacturer'."""
    names = _fact_names()
    labels = []
    for dotted in dotted_names:
        label = names.get(dotted.split(".")[0], dotted)
        if label not in labels:
            labels.append(label)
    return labels
