"""Generate and store a synthetic register, reporting progress as it goes."""

import random
import time
from contextlib import nullcontext
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from manufacturers.models import Country, Manufacturer
from products.models import (
    Category,
    ForeignAnalog,
    PartAlias,
    Product,
    ProductParameter,
)
from products.models.parts import COMPATIBILITY_RANK
from products.partnumbers import PartKeys, family, skeleton
from registry.demo.loader import Summary, load_categories
from registry.models import RegistryCounter

from .generator import CategoryInfo, Generator
from .writer import SecondaryIndexesDropped, TableWriter, analyze, reset_sequences

BATCH = 5000
# From this size on, indexes are rebuilt after the load instead of maintained during it.
BULK = 50_000


def ensure_manufacturers(count, rng):
    existing = list(Manufacturer.objects.filter(slug__startswith="synthetic-")
                    .values_list("pk", flat=True))
    for n in range(len(existing) + 1, count + 1):
        country = Country.BELARUS if rng.random() < 0.3 else Country.RUSSIA
        maker = Manufacturer.objects.create(
            slug=f"synthetic-{n:04d}", country=country, status=Manufacturer.Status.ADMITTED,
            name_ru=f"АО «Синтетический завод № {n}»", name_en=f"Synthetic Plant No. {n} JSC",
            short_name_ru=f"Синтетический завод № {n}", short_name_en=f"Synthetic Plant {n}",
        )
        existing.append(maker.pk)
    return existing


def category_infos():
    infos = []
    for category in Category.objects.filter(children__isnull=True).order_by("path"):
        templates = [(t.pk, t.key, t.kind) for t in category.parameter_templates()]
        infos.append(CategoryInfo(category.pk, category.slug, category.path.split("/")[1],
                                  category.name_ru, category.name_en, templates))
    return infos


def generate(entries, seed, report):
    load_categories(Summary())
    rng = random.Random(seed)
    makers = ensure_manufacturers(max(20, min(400, entries // 2500)), rng)
    prefix = settings.REGISTRY_NUMBER_PREFIX
    counters = dict(RegistryCounter.objects.filter(prefix=prefix)
                    .values_list("year", "last_number"))
    first_id = (Product.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    generator = Generator(seed, entries, category_infos(), makers, counters, first_id, prefix)
    writers = {
        "products": TableWriter(Product, with_id=True),
        "aliases": TableWriter(PartAlias),
        "parameters": TableWriter(ProductParameter),
        "analogs": TableWriter(ForeignAnalog),
    }
    started = time.monotonic()
    tables = [w.model for w in writers.values()]
    rebuild = SecondaryIndexesDropped(*tables) if entries >= BULK else nullcontext()
    with transaction.atomic(), rebuild:
        for index, entry in enumerate(generator.entries(), start=1):
            add_entry(writers, entry)
            if index % BATCH == 0 or index == entries:
                for writer in writers.values():
                    writer.flush()
                report(index, entries, time.monotonic() - started)
        reset_sequences(Product)
        save_counters(prefix, counters)
    analyze()
    return time.monotonic() - started


def add_entry(writers, entry):
    product = entry.product
    writers["products"].add(product)
    for alias in entry.aliases:
        keys = PartKeys.of(alias)
        writers["aliases"].add({
            "product_id": product["id"], "part_number": alias,
            "key_lookalike": keys.lookalike, "key_translit": keys.translit,
            "key_skeleton": keys.skeleton, "key_family": keys.family,
        })
    for template_id, value, is_number in entry.parameters:
        writers["parameters"].add({
            "product_id": product["id"], "template_id": template_id, "value": value,
            "value_numeric": Decimal(value) if is_number else None,
        })
    for part, maker, compatibility in entry.analogs:
        writers["analogs"].add({
            "product_id": product["id"], "part_number": part, "manufacturer_name": maker,
            "compatibility": compatibility, "compatibility_rank": COMPATIBILITY_RANK[compatibility],
            "key_skeleton": skeleton(part), "key_family": family(part),
        })


def save_counters(prefix, counters):
    for year, last in counters.items():
        RegistryCounter.objects.update_or_create(
            prefix=prefix, year=year, defaults={"last_number": last})
