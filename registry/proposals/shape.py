"""The shape of proposed data: an entry and its parts as plain JSON.

    {"part_number": "К1986ВЕ92QI", "name_ru": "…", …, "category": "<slug>",
     "origin_document_date": "2026-01-31" | null,
     "parameters": {"<key>": "<value>"},
     "aliases": ["MDR32F9Q2I"],
     "analogs": [{"part_number", "manufacturer_name", "compatibility", "note"}],
     "production": [{"stage", "site", "operator", "country", "process_nm"}]}

The same shape is what an application proposes, what an entry is now (`of_entry`), and what
the registrar compares side by side.
"""

import datetime

from products.models.production import Stage

ENTRY_FIELDS = [
    "part_number", "name_ru", "name_en", "name_be", "description_ru", "description_en", "category",
    "package", "tnved_code", "okpd2_code", "origin_document_kind", "origin_document_number",
    "origin_document_date", "origin_document_valid_until",
]
DATE_FIELDS = {"origin_document_date", "origin_document_valid_until"}
ANALOG_FIELDS = ["part_number", "manufacturer_name", "compatibility", "note"]
STAGE_FIELDS = ["stage", "site", "operator", "country", "process_nm"]
LIST_SECTIONS = ["aliases", "analogs", "production"]
SECTIONS = [*ENTRY_FIELDS, "parameters", *LIST_SECTIONS]

_STAGE_ORDER = {stage: index for index, stage in enumerate(Stage.values)}


def empty(category=None):
    data = {name: None if name in DATE_FIELDS else "" for name in ENTRY_FIELDS}
    data.update(category=category.slug if category else "", parameters={}, aliases=[],
                analogs=[], production=[])
    return data


def _json_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def of_entry(product):
    """The entry's current data in the proposal shape (four queries, whatever its size)."""
    data = {name: _json_value(getattr(product, name)) for name in ENTRY_FIELDS
            if name != "category"}
    data["category"] = product.category.slug
    parameters = product.parameters.select_related("template__category").order_by(
        "template__category__path", "template__position", "pk")
    data["parameters"] = {p.template.key: p.value for p in parameters}
    data["aliases"] = [alias.part_number for alias in product.aliases.all()]
    data["analogs"] = [{name: getattr(analog, name) for name in ANALOG_FIELDS}
                       for analog in product.analogs.all()]
    data["production"] = [{name: getattr(stage, name) for name in STAGE_FIELDS}
                          for stage in product.production_stages.all()]
    return canonical(data)


def canonical(data):
    """The same data in one order, so that equal proposals compare equal."""
    data = dict(data)
    data["aliases"] = sorted(data.get("aliases") or [])
    data["analogs"] = sorted(data.get("analogs") or [], key=lambda a: a["part_number"])
    data["production"] = sorted(data.get("production") or [],
                                key=lambda s: _STAGE_ORDER.get(s["stage"], 99))
    return data


def changed_sections(before, after):
    """The sections (fields, "parameters", lists) in which `after` differs from `before`."""
    before, after = canonical(before), canonical(after)
    return [name for name in SECTIONS if before.get(name) != after.get(name)]


def merge(current, base, proposal):
    """`current` with what `proposal` changed against `base` (parameters key by key)."""
    merged = canonical(current)
    base, proposal = canonical(base), canonical(proposal)
    for name in SECTIONS:
        if name == "parameters":
            continue
        if proposal.get(name) != base.get(name):
            merged[name] = proposal.get(name)
    parameters = dict(merged.get("parameters") or {})
    old, new = base.get("parameters") or {}, proposal.get("parameters") or {}
    for key in old.keys() | new.keys():
        if old.get(key) != new.get(key):
            if key in new:
                parameters[key] = new[key]
            else:
                parameters.pop(key, None)
    merged["parameters"] = parameters
    return merged
