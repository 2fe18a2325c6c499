"""Generate and store a synthetic register, reporting progress as it goes.

Worker processes make the chunks' rows (registry.synthetic.chunks); this process links the
feed's events and hands each chunk to the writer. On PostgreSQL the writer is a second thread,
so the rows of one chunk are copied while the next chunk's are linked.
"""

import os
import queue
import random
import threading
import time
from contextlib import nullcontext
from operator import itemgetter

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Max

from manufacturers.models import Country, Manufacturer
from products.models import Category, ForeignAnalog, PartAlias, Product, ProductParameter
from registry.demo.loader import Summary, load_categories
from registry.feed.recording import serialise_writers
from registry.models import ChangeEvent, RegistryCounter

from .chunks import ChunkBuilder, Chunks
from .generator import CategoryInfo, Generator
from .writer import BulkLoadMode, TableWriter, analyze, reset_sequences, triggers_off

# products.migrations.0015: the trigger that computes an entry's search vector on each write.
SEARCH_TRIGGER = "products_product_search_vector"

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


def generate(entries, seed, report, workers=None):
    """Add `entries` synthetic entries; chunks are made by `workers` processes (by default
    one per core for a bulk load, none for a small one). Returns the seconds it took."""
    load_categories(Summary())
    rng = random.Random(seed)
    makers = ensure_manufacturers(max(20, min(400, entries // 2500)), rng)
    prefix = settings.REGISTRY_NUMBER_PREFIX
    counters = dict(RegistryCounter.objects.filter(prefix=prefix)
                    .values_list("year", "last_number"))
    first_id = (Product.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    generator = Generator(seed, entries, category_infos(), makers, counters, first_id, prefix)
    tables = writers()
    if workers is None:
        workers = os.cpu_count() if entries >= BULK else 0
    started = time.monotonic()
    bulk = entries >= BULK and connection.vendor == "postgresql"
    builder = ChunkBuilder(generator, tables, search_vectors(generator) if bulk else None)
    with Chunks(builder, workers) as chunks, transaction.atomic(), \
            BulkLoadMode(*(w.model for w in tables.values())) if bulk else nullcontext(), \
            triggers_off(Product, SEARCH_TRIGGER) if bulk else nullcontext():
        serialise_writers(connection.alias)  # the feed's ids must follow commit order
        events = tables["events"]
        events.start_chain()
        sink = ThreadedSink(tables) if bulk else InlineSink(tables)
        later = []
        with sink:
            for number, chunk in enumerate(chunks(generator.chunks)):
                for name, rows in chunk.tables.items():
                    tables[name].extend(rows)
                for unlinked in chunk.included:
                    events.add_linked(*unlinked)
                later.extend(chunk.later)
                sink.flush()
                done = min(entries, (number + 1) * generator.chunk_size)
                report(done, entries, time.monotonic() - started)
            for _occurred, unlinked in sorted(later, key=itemgetter(0)):
                events.add_linked(*unlinked)
            sink.flush()
        reset_sequences(Product)
        save_counters(prefix, generator.counters_after())
    # The manufacturers too: unanalysed, their 400 rows were estimated as 1 admitted one, and
    # the export's COPY took a nested loop over them and twice as long.
    analyze(Manufacturer, *(w.model for w in tables.values()))
    return time.monotonic() - started


def search_vectors(generator):
    """Each search vector the generator's entries can have, by (name_ru, name_en, manufacturer
    id), from the SQL function the search trigger calls: computed here once per combination,
    not by the trigger once per row (entries have no description)."""
    names = [generator.names(category) for category in generator.categories]
    keys = [(ru, en, maker) for ru, en in dict.fromkeys(names)
            for maker in generator.manufacturer_ids]
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT products_search_vector(c.ru, c.en, '', '', c.maker)::text
               FROM unnest(%s::text[], %s::text[], %s::bigint[]) WITH ORDINALITY
                    AS c(ru, en, maker, n)
               ORDER BY c.n""",
            [list(column) for column in zip(*keys, strict=True)])
        return {key: vector for key, (vector,) in zip(keys, cursor.fetchall(), strict=True)}


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
                    for writer, taken in batch:
                        writer.write(taken)
                except Exception as error:  # re-raised in the main thread
                    self.error = error


def save_counters(prefix, counters):
    for year, last in counters.items():
        RegistryCounter.objects.update_or_create(
            prefix=prefix, year=year, defaults={"last_number": last})
