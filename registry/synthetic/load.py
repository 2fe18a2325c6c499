"""Generate and store a synthetic register, reporting progress as it goes.

On PostgreSQL the rows of each batch are written by a second thread while the next batch is
generated: the database works on one core while Python works on the other.
"""

import queue
import random
import threading
import time
from contextlib import nullcontext
from decimal import Decimal

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Max

from manufacturers.models import Country, Manufacturer
from products import units
from products.models import Category, ForeignAnalog, PartAlias, Product, ProductParameter
from products.models.parts import COMPATIBILITY_RANK
from products.partnumbers import PartKeys, family, skeleton
from registry.demo.loader import Summary, load_categories
from registry.feed.recording import serialise_writers
from registry.models import ChangeEvent, RegistryCounter

from .generator import CategoryInfo, Generator
from .writer import BulkLoadMode, TableWriter, analyze, reset_sequences

BATCH = 5000
# From this size on, indexes and foreign keys are rebuilt after the load, not kept during it.
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
        templates = [(t.pk, t.key, t.kind, t.unit) for t in category.parameter_templates()]
        infos.append(CategoryInfo(category.pk, category.slug, category.path.split("/")[1],
                                  category.name_ru, category.name_en, templates))
    return infos


def writers():
    return {
        "products": TableWriter(Product, with_id=True),
        "aliases": TableWriter(PartAlias),
        "parameters": TableWriter(ProductParameter),
        "analogs": TableWriter(ForeignAnalog),
        "events": TableWriter(ChangeEvent),
    }


def generate(entries, seed, report):
    load_categories(Summary())
    rng = random.Random(seed)
    makers = ensure_manufacturers(max(20, min(400, entries // 2500)), rng)
    prefix = settings.REGISTRY_NUMBER_PREFIX
    counters = dict(RegistryCounter.objects.filter(prefix=prefix)
                    .values_list("year", "last_number"))
    first_id = (Product.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    generator = Generator(seed, entries, category_infos(), makers, counters, first_id, prefix)
    tables = writers()
    started = time.monotonic()
    bulk = entries >= BULK and connection.vendor == "postgresql"
    with transaction.atomic(), BulkLoadMode(*(w.model for w in tables.values())) if bulk \
            else nullcontext():
        serialise_writers(connection.alias)  # the feed's ids must follow commit order
        tables["events"].start_chain()
        sink = ThreadedSink(tables) if bulk else InlineSink(tables)
        later_events = []
        with sink:
            for index, entry in enumerate(generator.entries(), start=1):
                add_entry(tables, entry, later_events)
                if index % BATCH == 0 or index == entries:
                    sink.flush()
                    report(index, entries, time.monotonic() - started)
            for event in sorted(later_events, key=lambda e: e["occurred_at"]):
                tables["events"].add(event)
            sink.flush()
        reset_sequences(Product)
        save_counters(prefix, counters)
    # The manufacturers too: unanalysed, their 400 rows were estimated as 1 admitted one, and
    # the export's COPY took a nested loop over them and twice as long.
    analyze(Manufacturer, *(w.model for w in tables.values()))
    return time.monotonic() - started


class InlineSink:
    def __init__(self, tables):
        self.tables = tables

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def flush(self):
        for writer in self.tables.values():
            writer.flush()


class ThreadedSink:
    """Writes batches in a second thread on this thread's connection, one batch in flight.

    The main thread only generates rows while the writer thread uses the connection, so the
    connection is never used by both at once.
    """

    def __init__(self, tables):
        self.tables = tables
        self.batches = queue.Queue(maxsize=1)
        self.error = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.connection = connections[DEFAULT_DB_ALIAS]  # the wrapper itself, not the proxy

    def __enter__(self):
        self.connection.inc_thread_sharing()
        self.thread.start()
        return self

    def __exit__(self, exc_type, *exc):
        self.batches.put(None)
        self.thread.join()
        self.connection.dec_thread_sharing()
        if self.error is not None and exc_type is None:
            raise self.error
        return False

    def flush(self):
        if self.error is not None:
            raise self.error
        self.batches.put([(w, w.take()) for w in self.tables.values()])

    def _run(self):
        connections[DEFAULT_DB_ALIAS] = self.connection  # the loading transaction's connection
        while (batch := self.batches.get()) is not None:
            if self.error is None:
                try:
                    for writer, rows in batch:
                        writer.write(rows)
                except Exception as error:  # re-raised in the main thread
                    self.error = error


def add_entry(tables, entry, later_events):
    product = entry.product
    tables["products"].add(product)
    for alias in entry.aliases:
        keys = PartKeys.of(alias)
        tables["aliases"].add({
            "product_id": product["id"], "part_number": alias,
            "key_lookalike": keys.lookalike, "key_translit": keys.translit,
            "key_skeleton": keys.skeleton, "key_family": keys.family,
        })
    for template_id, value, unit, terms in entry.parameters:
        number = Decimal(value) if unit is not None else None
        tables["parameters"].add({
            "product_id": product["id"], "template_id": template_id, "value": value,
            "value_numeric": number, "value_si": units.to_si(number, unit),
            "value_terms": terms,
        })
    for part, maker, compatibility in entry.analogs:
        tables["analogs"].add({
            "product_id": product["id"], "part_number": part, "manufacturer_name": maker,
            "compatibility": compatibility, "compatibility_rank": COMPATIBILITY_RANK[compatibility],
            "key_skeleton": skeleton(part), "key_family": family(part),
        })
    for event in entry.events:
        if event["kind"] == "entry.included":
            tables["events"].add(event)
        else:
            later_events.append(event)


def save_counters(prefix, counters):
    for year, last in counters.items():
        RegistryCounter.objects.update_or_create(
            prefix=prefix, year=year, defaults={"last_number": last})
