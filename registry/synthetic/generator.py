"""Rows of a synthetic register, reproducible from a seed.

Entries are registered at evenly spaced dates from FIRST_DAY to LAST_DAY, so registry
numbers of each year follow the dates. Manufacturers, categories and their parameter
templates are the demo register's categories plus synthetic manufacturers.
"""

import datetime
import functools
import random
from dataclasses import dataclass, field

from django.utils import timezone

from products import partnumbers, vocabulary
from products.models import ExclusionReason, ProductStatus
from products.models.entries import LAPSING
from registry.numbering import format_number
from registry.term import term_end

from . import designations
from .values import value_for

FIRST_DAY = datetime.date(2015, 1, 12)
LAST_DAY = datetime.date(2026, 10, 30)
OKPD2 = {"integrated-circuits": "26.11.30", "discrete-semiconductors": "26.11.21",
         "optoelectronics": "26.11.22", "equipment": "28.99.20"}
SUSPENDED_SHARE, EXCLUDED_SHARE = 0.05, 0.04
NAMES = {
    "integrated-circuits": ("Микросхема интегральная", "Integrated circuit"),
    "discrete-semiconductors": ("Прибор полупроводниковый", "Semiconductor device"),
    "equipment": ("Установка", "Machine"),
}


@dataclass
class Entry:
    product: dict
    aliases: list = field(default_factory=list)
    parameters: list = field(default_factory=list)
    analogs: list = field(default_factory=list)
    events: list = field(default_factory=list)


@dataclass
class CategoryInfo:
    id: int
    slug: str
    root: str
    name_ru: str
    name_en: str
    templates: list  # (template id, key, kind, unit)


class Generator:
    def __init__(self, seed, entries, categories, manufacturer_ids, counters, first_id,
                 prefix):
        self.rng = random.Random(seed)
        self.prefix = prefix
        self.total = entries
        self.categories = categories
        self.manufacturer_ids = manufacturer_ids
        self.counters = counters  # year -> last number issued, advanced as entries are made
        self.next_id = first_id
        self.span = (LAST_DAY - FIRST_DAY).days
        # Terms ended before today are recorded as expired, as the daily round leaves them.
        self.today = timezone.localdate()

    def entries(self):
        for index in range(self.total):
            yield self.entry(index)

    def entry(self, index):
        rng = self.rng
        category = self.categories[rng.randrange(len(self.categories))]
        registered = FIRST_DAY + datetime.timedelta(days=index * self.span // self.total)
        part_number = designations.designation(rng, category.slug)
        product = self.product_row(part_number, category, registered)
        product["package"] = designations.package(rng, category.slug)
        entry = Entry(product, events=self.events(product))
        if rng.random() < 0.3 and part_number != designations.latin_alias(part_number):
            entry.aliases.append(designations.latin_alias(part_number))
        for template_id, key, kind, unit in category.templates:
            value = value_for(rng, key, kind)
            if value is not None and rng.random() < 0.8:
                terms = vocabulary.joined_terms(key, str(value)) if kind == "multiple" else ""
                # A number's unit (its SI copy is worked out from it), None for other kinds.
                entry.parameters.append((template_id, str(value),
                                         unit if kind == "number" else None, terms))
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            analog = designations.foreign_analog(rng, category.slug)
            if analog and analog not in (a[0] for a in entry.analogs):
                entry.analogs.append((analog, rng.choice(designations.FOREIGN_MAKERS),
                                      rng.choice(("pin_to_pin", "functional", "parametric"))))
        return entry

    def product_row(self, part_number, category, registered):
        rng = self.rng
        sequence = self.counters[registered.year] = self.counters.get(registered.year, 0) + 1
        keys = partnumbers.PartKeys.of(part_number)
        kind_ru, kind_en = NAMES.get(category.root, NAMES["integrated-circuits"])
        updated = at_ten(registered + datetime.timedelta(days=rng.randrange(400)))
        row = {
            "id": self.take_id(), "part_number": part_number,
            "key_lookalike": keys.lookalike, "key_translit": keys.translit,
            "key_skeleton": keys.skeleton, "key_family": keys.family,
            "name_ru": f"{kind_ru}: {category.name_ru.lower()}",
            "name_en": f"{kind_en}: {category.name_en.lower()}",
            "description_ru": "", "description_en": "",
            "manufacturer_id": self.manufacturer_ids[rng.randrange(len(self.manufacturer_ids))],
            "category_id": category.id, "package": "", "tnved_code": "",
            "okpd2_code": OKPD2.get(category.root, ""),
            "registry_number": format_number(self.prefix, registered.year, sequence),
            "status": ProductStatus.REGISTERED, "registered_at": registered,
            "valid_until": term_end(registered), "created_at": updated, "updated_at": updated,
        }
        roll = rng.random()
        if roll < EXCLUDED_SHARE:
            row.update(status=ProductStatus.EXCLUDED, excluded_at=updated.date(),
                       exclusion_reason=rng.choice(ExclusionReason.values),
                       exclusion_legal_basis="Решение регистратора")
        elif roll < EXCLUDED_SHARE + SUSPENDED_SHARE:
            row.update(status=ProductStatus.SUSPENDED, suspended_at=updated.date(),
                       suspension_reason="Проверка документа о происхождении")
        if row["status"] in LAPSING and row["valid_until"] < self.today:
            row["status"] = ProductStatus.EXPIRED  # as the daily round leaves a passed term
        return row

    def events(self, product):
        """The entry's public history: its inclusion, then each change of its status."""
        included = {
            "kind": "entry.included", "product_id": product["id"],
            "manufacturer_id": product["manufacturer_id"],
            "registry_number": product["registry_number"],
            "occurred_at": at_ten(product["registered_at"]), "comment": "",
            "changes": {name: {"before": None, "after": product[name]}
                        for name in ("part_number", "name_ru", "name_en", "okpd2_code")},
        }
        events = [included]
        before = ProductStatus.REGISTERED
        for status, day, comment in self.decisions(product):
            events.append({
                **included, "kind": f"entry.{status}", "occurred_at": at_ten(day),
                "comment": comment, "changes": {"status": {"before": before, "after": status}},
            })
            before = status
        return events

    @staticmethod
    def decisions(product):
        """(status, day, comment) of each change of the entry's status, in order."""
        if product.get("excluded_at"):
            yield ProductStatus.EXCLUDED, product["excluded_at"], product["exclusion_reason"]
        elif product.get("suspended_at"):
            yield ProductStatus.SUSPENDED, product["suspended_at"], product["suspension_reason"]
        if product["status"] == ProductStatus.EXPIRED:
            yield ProductStatus.EXPIRED, product["valid_until"] + datetime.timedelta(days=1), ""

    def take_id(self):
        self.next_id += 1
        return self.next_id - 1


def at_ten(day):
    """10:00 of `day` in the register's time zone (looked up once, not per entry)."""
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=_zone())


@functools.cache
def _zone():
    return timezone.get_default_timezone()
