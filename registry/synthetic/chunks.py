"""Turning a chunk of generated entries into table rows, in worker processes.

Making an entry's rows (its designation's keys, its parameters' SI values, the canonical
content its feed events are hashed over, on PostgreSQL their COPY text) is most of the
generator's work and needs nothing from the database, so chunks are made by a pool of
processes while this one writes. Only linking the events into the feed's hash chain stays
here: each link needs the one before.
"""

import multiprocessing
from collections import deque
from dataclasses import dataclass, field
from decimal import Decimal

from products import units
from products.models.parts import COMPATIBILITY_RANK
from products.partnumbers import PartKeys, family, skeleton


@dataclass
class Chunk:
    tables: dict = field(default_factory=dict)  # table -> its rows, packed by its writer
    included: list = field(default_factory=list)  # unlinked inclusion events, in order
    later: list = field(default_factory=list)  # (occurred_at, unlinked event) of the rest


class ChunkBuilder:
    def __init__(self, generator, writers, vectors=None):
        self.generator = generator
        self.writers = writers
        # (name_ru, name_en, manufacturer id) -> search vector, when the load computes them
        # instead of the trigger (see load.search_vectors).
        self.vectors = vectors

    def __call__(self, number):
        rows = {name: [] for name in self.writers if name != "events"}
        chunk = Chunk()
        for entry in self.generator.chunk(number):
            self.add_entry(rows, chunk, entry)
        chunk.tables = {name: self.writers[name].packed(table) for name, table in rows.items()}
        return chunk

    def add_entry(self, rows, chunk, entry):
        writers = self.writers
        product = entry.product
        if self.vectors is not None:
            product["search_vector"] = self.vectors[
                product["name_ru"], product["name_en"], product["manufacturer_id"]]
        rows["products"].append(writers["products"].row(product))
        for alias in entry.aliases:
            keys = PartKeys.of(alias)
            rows["aliases"].append(writers["aliases"].row({
                "product_id": product["id"], "part_number": alias,
                "key_lookalike": keys.lookalike, "key_translit": keys.translit,
                "key_skeleton": keys.skeleton, "key_family": keys.family,
            }))
        for template_id, value, unit, terms in entry.parameters:
            number = Decimal(value) if unit is not None else None
            rows["parameters"].append(writers["parameters"].row({
                "product_id": product["id"], "template_id": template_id, "value": value,
                "value_numeric": number, "value_si": units.to_si(number, unit),
                "value_terms": terms,
            }))
        for part, maker, compatibility in entry.analogs:
            rows["analogs"].append(writers["analogs"].row({
                "product_id": product["id"], "part_number": part, "manufacturer_name": maker,
                "compatibility": compatibility,
                "compatibility_rank": COMPATIBILITY_RANK[compatibility],
                "key_skeleton": skeleton(part), "key_family": family(part),
            }))
        for event in entry.events:
            unlinked = writers["events"].unlinked(event)
            if event["kind"] == "entry.included":
                chunk.included.append(unlinked)
            else:
                chunk.later.append((event["occurred_at"], unlinked))


_builder = None  # a worker process's builder


def _start_worker(builder):
    global _builder
    _builder = builder


def _build(number):
    return _builder(number)


class Chunks:
    """Chunks in order, made by `workers` processes (none: here), a few made ahead."""

    def __init__(self, builder, workers):
        self.builder = builder
        self.workers = workers
        self.pool = None

    def __enter__(self):
        if self.workers:
            # Forked before any thread starts; the workers never touch the database.
            context = multiprocessing.get_context("fork")
            self.pool = context.Pool(self.workers, _start_worker, (self.builder,))
        return self

    def __exit__(self, *exc):
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
        return False

    def __call__(self, numbers):
        if self.pool is None:
            yield from map(self.builder, numbers)
            return
        pending = deque()
        for number in numbers:
            pending.append(self.pool.apply_async(_build, (number,)))
            if len(pending) > 2 * self.workers:  # bounded: written chunks free their memory
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
