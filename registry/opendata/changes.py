"""Which entries changed since a moment: the entry, its manufacturer, or any of its parts.

An entry's own row carries `updated_at`; its parts (spellings, parameters, analogs, production
stages, documents) have audit-trail records, deletions included, so a removed analog marks
its entry as changed too.
"""

from django.db.models import Q

from products.models import (
    Document,
    ForeignAnalog,
    PartAlias,
    Product,
    ProductionStage,
    ProductParameter,
)

PART_MODELS = [PartAlias, ProductParameter, ForeignAnalog, ProductionStage, Document]


def changed_since(entries, since):
    condition = Q(updated_at__gte=since) | Q(manufacturer__updated_at__gte=since)
    condition |= Q(pk__in=Product.history.filter(history_date__gte=since).values("id"))
    for model in PART_MODELS:
        condition |= Q(pk__in=model.history.filter(history_date__gte=since)
                       .values("product_id"))
    return entries.filter(condition)
