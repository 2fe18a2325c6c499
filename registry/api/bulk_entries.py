"""Full representations of many entries, read as rows rather than model instances.

Through the ORM a million-entry export spends most of its time building model objects and
prefetching through them. Here the entries come as plain rows in chunks; each relation is read
with one query per chunk, in the order its prefetch would give (the models' own ordering);
manufacturers, categories and parameter templates are read when first needed. EntryDicts then
writes each entry out exactly as the API does (tests/api/test_exports.py compares them).
"""

from collections import defaultdict
from itertools import islice
from types import SimpleNamespace

from manufacturers.models import Manufacturer
from products import lookups
from products.models import (
    Category,
    Document,
    ForeignAnalog,
    ParameterTemplate,
    PartAlias,
    ProductionStage,
    ProductParameter,
)
from products.models.entries import effective_status
from products.models.production import UNION_STATE
from products.models.values import list_terms

from .serializers.entry_dicts import EntryDicts

ENTRY_FIELDS = (
    "id", "registry_number", "part_number", "name_ru", "name_en", "name_be", "description_ru",
    "description_en", "manufacturer_id", "category_id", "package", "status", "registered_at",
    "valid_until", "suspended_at", "suspension_reason", "suspension_reason_code",
    "suspension_legal_basis", "excluded_at", "exclusion_reason",
    "exclusion_legal_basis", "exclusion_note", "decision_number", "decision_date",
    "origin_document_kind", "origin_document_number", "origin_document_date",
    "origin_document_valid_until", "tnved_code", "okpd2_code", "updated_at",
)


def representations(queryset, request, chunk_size):
    """The full representation of each entry of `queryset`, in its order."""
    for _id, data in _pairs(queryset, request, chunk_size):
        yield data


def by_id(queryset, request):
    """{entry id: its full representation} for the few hundred entries of `queryset`."""
    return dict(_pairs(queryset, request, chunk_size=1000))


class Known(dict):
    """Rows of a small table by id, read when first asked for."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def learn(self, ids):
        missing = set(ids) - self.keys()
        if missing:
            self.update(self.model.objects.in_bulk(missing))


def _pairs(queryset, request, chunk_size):
    dicts = EntryDicts(request)
    for chunk in loaded_chunks(queryset, chunk_size):
        for entry in chunk:
            yield entry.id, dicts.entry(entry)


def loaded_chunks(queryset, chunk_size):
    """The entries of `queryset` in chunks, each entry a plain object holding what EntryDicts
    reads (the same in every language: stored documents render one chunk three times)."""
    makers, categories = Known(Manufacturer), Known(Category)
    templates = Known(ParameterTemplate)
    rows = queryset.values(*ENTRY_FIELDS).iterator(chunk_size=chunk_size)
    while chunk := list(islice(rows, chunk_size)):
        makers.learn(row["manufacturer_id"] for row in chunk)
        categories.learn(row["category_id"] for row in chunk)
        related = _related([row["id"] for row in chunk], templates)
        yield [SimpleNamespace(
            **row, effective_status=effective_status(row["status"], row["valid_until"]),
            manufacturer=makers[row["manufacturer_id"]],
            category=categories[row["category_id"]],
            **{name: rows_of.get(row["id"], []) for name, rows_of in related.items()})
            for row in chunk]


def _related(ids, templates):
    """loaded_<relation>: {entry id: [rows]} for the entries `ids`."""
    def parameter(row):
        return SimpleNamespace(template=row["template_id"], value=row["value"],
                               value_numeric=row["value_numeric"],
                               value_terms=row["value_terms"])

    def stage(row):
        return SimpleNamespace(**row, in_union_state=row["country"] in UNION_STATE)

    parameters = _grouped(ProductParameter.objects, ids,
                          ["template_id", "value", "value_numeric", "value_terms"], parameter)
    values = [value for rows in parameters.values() for value in rows]
    templates.learn(value.template for value in values)
    for value in values:
        value.template = templates[value.template]
        value.terms = list_terms(value.template, value.value_terms)
    return {
        "loaded_aliases": _grouped(PartAlias.objects, ids, ["part_number"]),
        "loaded_parameters": parameters,
        "loaded_analogs": _grouped(ForeignAnalog.objects, ids,
                                   ["part_number", "manufacturer_name", "compatibility", "note"]),
        "loaded_production": _grouped(
            ProductionStage.objects.order_by("pk"), ids,
            ["stage", "site", "operator", "country", "process_nm"], stage),
        "loaded_documents": _grouped(
            Document.objects, ids,
            ["pk", "kind", "title", "content_type", "size", "sha256", "uploaded_at"]),
    }


def _grouped(queryset, ids, fields, make=None):
    make = make or (lambda row: SimpleNamespace(**row))
    groups = defaultdict(list)
    for row in queryset.filter(product__any_of=lookups.Prepared(ids)).values(
            "product_id", *fields):
        groups[row.pop("product_id")].append(make(row))
    return groups
