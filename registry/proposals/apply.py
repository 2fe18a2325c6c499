"""Writing validated data onto an entry and its parts (only rows that differ are touched, so
the history shows exactly what changed; new and changed rows are written in bulk, so an
entry at the limits of limits.py costs a few statements, not one per row)."""

from products.rows import sync_rows

from .shape import ANALOG_FIELDS, ENTRY_FIELDS, STAGE_FIELDS
from .validation import build


def apply(data, product):
    """Make `product` (saved or new, with its number and term set) carry `data`."""
    built = build(data, product.manufacturer, entry=product if product.pk else None)
    for name in ENTRY_FIELDS:
        setattr(product, name, getattr(built.product, name))
    product.full_clean()
    product.save()
    templates = {p.template_id: p.template for p in built.parameters}
    sync_rows(product.parameters.select_related("template"), "template_id",
              {p.template_id: {"value": p.value} for p in built.parameters},
              lambda key: product.parameters.model(product=product, template=templates[key]))
    sync_rows(product.aliases.all(), "part_number", {a.part_number: {} for a in built.aliases},
              lambda key: product.aliases.model(product=product, part_number=key))
    sync_rows(product.analogs.all(), "part_number",
              {a.part_number: {n: getattr(a, n) for n in ANALOG_FIELDS} for a in built.analogs},
              lambda key: product.analogs.model(product=product, part_number=key))
    sync_rows(product.production_stages.all(), "stage",
              {s.stage: {n: getattr(s, n) for n in STAGE_FIELDS} for s in built.stages},
              lambda key: product.production_stages.model(product=product, stage=key))
    return product

