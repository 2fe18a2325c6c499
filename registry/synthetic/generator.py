"""Rows of a synthetic register, reproducible from a seed.

Entries are registered at evenly spaced dates from FIRST_DAY to LAST_DAY, so registry
numbers of each year follow the dates. Manufacturers, categories and their parameter
templates are the demo register's categories plus synthetic manufacturers.

Entries come in chunks of CHUNK, each drawn from its own random stream seeded by the seed and
the chunk's number, and an entry's id and registry number follow from its index alone: any
chunk can be made by any process, and the register is the same whichever made it.
"""

import bisect
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
CHUNK = 5000
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
        self.seed = seed
        self.prefix = prefix
        self.total = entries
        self.categories = categories
        self.manufacturer_ids = manufacturer_ids
        self.counters = dict(counters)  # year -> last number issued before this run
        self.first_id = first_id
        self.chunk_size = CHUNK
        self.span = (LAST_DAY - FIRST_DAY).days
        self.year_starts = self._year_starts()
        # Terms ended before today are recorded as expired, as the daily round leaves them.
        self.today = timezone.localdate()

    @property
    def chunks(self):
        return range((self.total + self.chunk_size - 1) // self.chunk_size)

    def chunk(self, number):
        """The entries of chunk `number`, from the chunk's own random stream."""
        rng = random.Random(f"{self.seed}:{number}")
        start = number * self.chunk_size
        stop = min(start + self.chunk_size, self.total)
        return [self.entry(index, rng) for index in range(start, stop)]

    def registered(self, index):
        return FIRST_DAY + datetime.timedelta(days=index * self.span // self.total)

    def _year_starts(self):
        """Year -> index of its first entry (dates grow with the index), for years with any."""
        indexes = range(self.total)
        starts = {}
        for year in range(FIRST_DAY.year, LAST_DAY.year + 1):
            start = bisect.bisect_left(indexes, year, key=lambda i: self.registered(i).year)
            if start < self.total and self.registered(start).year == year:
                starts[year] = start
        return starts

    def sequence(self, index, year):
        """The entry's number within its year, after the numbers issued before this run."""
        return self.counters.get(year, 0) + index - self.year_starts[year] + 1

    def counters_after(self):
        """Year -> last number issued once every entry is made."""
        years = sorted(self.year_starts)
        ends = [self.year_starts[year] for year in years[1:]] + [self.total]
        return {year: self.sequence(end - 1, year) for year, end in zip(years, ends, strict=True)}

    def entry(self, index, rng):
        category = self.categories[rng.randrange(len(self.categories))]
        part_number = designations.designation(rng, category.slug)
        product = self.product_row(index, rng, part_number, category)
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

    def product_row(self, index, rng, part_number, category):
        registered = self.registered(index)
        sequence = self.sequence(index, registered.year)
        keys = partnumbers.PartKeys.of(part_number)
        name_ru, name_en = self.names(category)
        updated = at_ten(registered + datetime.timedelta(days=rng.randrange(400)))
        row = {
            "id": self.first_id + index, "part_number": part_number,
            "key_lookalike": keys.lookalike, "key_translit": keys.translit,
            "key_skeleton": keys.skeleton, "key_family": keys.family,
            "name_ru": name_ru, "name_en": name_en,
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

    @staticmethod
    def names(category):
        """(name_ru, name_en) of every entry of the category."""
        kind_ru, kind_en = NAMES.get(category.root, NAMES["integrated-circuits"])
        return f"{kind_ru}: {category.name_ru.lower()}", f"{kind_en}: {category.name_en.lower()}"

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


def at_ten(day):
    """10:00 of `day` in the register's time zone (looked up once, not per entry)."""
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=_zone())


@functools.cache
def _zone():
    return timezone.get_default_timezone()
