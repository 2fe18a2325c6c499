"""Proposed data as rows for people: labels, readable values, what changed."""

import datetime
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from products.models import Category, ParameterTemplate, Product
from products.models.entries import OriginDocumentKind
from products.models.parts import Compatibility
from products.models.production import Stage

from .shape import DATE_FIELDS, ENTRY_FIELDS, canonical

SECTION_LABELS = {
    "aliases": _("Other spellings"),
    "analogs": _("Foreign analogs"),
    "production": _("Production chain"),
}


@dataclass
class Row:
    label: str
    after: list
    before: list = field(default_factory=list)
    changed: bool = False


def rows(after, before=None):
    """Rows of `after`; with `before` (the entry now), both sides and the changes marked."""
    after = canonical(after)
    before = canonical(before) if before is not None else None
    categories = _categories(after, before)
    result = []
    for name in ENTRY_FIELDS:
        label = Product._meta.get_field(name).verbose_name
        result.append(_row(label, after, before, lambda d, n=name: _field(d, n, categories)))
    for key, label in _parameter_labels(after, before, categories):
        result.append(_row(label, after, before,
                           lambda d, k=key: _lines(d.get("parameters", {}).get(k))))
    for section, label in SECTION_LABELS.items():
        render = {"aliases": _aliases, "analogs": _analogs, "production": _stages}[section]
        result.append(_row(label, after, before, render))
    return result


def _row(label, after, before, render):
    row = Row(label=label, after=render(after))
    if before is not None:
        row.before = render(before)
        row.changed = row.before != row.after
    return row


def _categories(*datas):
    slugs = {d.get("category") for d in datas if d}
    return {c.slug: c for c in Category.objects.filter(slug__in=slugs)}


def _lines(value):
    return [str(value)] if value not in (None, "") else []


def _field(data, name, categories):
    value = data.get(name)
    if name == "category":
        category = categories.get(value)
        return [category.name] if category else _lines(value)
    if name == "origin_document_kind" and value:
        return [str(OriginDocumentKind(value).label)] if value in OriginDocumentKind.values \
            else [value]
    if name in DATE_FIELDS and value:
        return [formats.date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")]
    return _lines(value)


def _parameter_labels(after, before, categories):
    keys = list((after.get("parameters") or {}).keys())
    for key in (before or {}).get("parameters") or {}:
        if key not in keys:
            keys.append(key)
    paths = [c.path for c in categories.values()]
    slugs = {s for path in paths for s in path.split("/") if s}
    templates = {t.key: t for t in ParameterTemplate.objects.filter(category__slug__in=slugs)}
    return [(key, str(templates[key]) if key in templates else key) for key in keys]


def _aliases(data):
    return list(data.get("aliases") or [])


def _analogs(data):
    lines = []
    for analog in data.get("analogs") or []:
        compatibility = analog.get("compatibility") or ""
        if compatibility in Compatibility.values:
            compatibility = Compatibility(compatibility).label
        parts = [analog["part_number"], analog.get("manufacturer_name") or "",
                 str(compatibility), analog.get("note") or ""]
        lines.append(" · ".join(p for p in parts if p))
    return lines


def _stages(data):
    lines = []
    for stage in data.get("production") or []:
        name = Stage(stage["stage"]).label if stage["stage"] in Stage.values else stage["stage"]
        details = [stage.get("site") or "", stage.get("operator") or "", stage.get("country")]
        if stage.get("process_nm"):
            details.append(_("%(nm)s nm") % {"nm": stage["process_nm"]})
        lines.append(f"{name}: " + ", ".join(d for d in details if d))
    return lines
