"""The synthetic register for benchmarks: reproducible, valid, numbered like real entries."""

import random

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from products.models import ForeignAnalog, Product, ProductParameter, ProductStatus
from products.models.entries import LAPSING
from registry.demo.loader import Summary, load_categories
from registry.feed.recording import record
from registry.models import ChangeEvent, RegistryCounter
from registry.models.chain import verify
from registry.synthetic import generator
from registry.synthetic.designations import designation, foreign_analog
from registry.synthetic.load import ensure_manufacturers

# The generator drops and rebuilds indexes and moves sequences: the tables' owner's job.
pytestmark = [pytest.mark.django_db, pytest.mark.superuser]


def generated_parts():
    return list(Product.objects.order_by("pk").values_list("part_number", "registry_number"))


class RolledBack(Exception):
    pass


def generated_then_rolled_back(seed):
    try:
        with transaction.atomic():
            call_command("generate_register", entries=300, seed=seed)
            parts = generated_parts()
            raise RolledBack
    except RolledBack:
        return parts


def test_the_same_seed_gives_the_same_register():
    first = generated_then_rolled_back(7)
    assert len(first) == 300
    assert generated_then_rolled_back(7) == first
    assert generated_then_rolled_back(8) != first


def generated_register(**options):
    """Everything a run adds, rolled back afterwards; events by their place and hash."""
    try:
        with transaction.atomic():
            call_command("generate_register", entries=230, seed=9, **options)
            register = {
                "entries": list(Product.objects.order_by("pk").values_list(
                    "pk", "part_number", "key_skeleton", "registry_number", "status")),
                "parameters": list(ProductParameter.objects.order_by("pk").values_list(
                    "product_id", "template_id", "value", "value_si")),
                "analogs": list(ForeignAnalog.objects.order_by("pk").values_list(
                    "product_id", "part_number", "key_family")),
                "events": list(ChangeEvent.objects.order_by("pk").values_list(
                    "kind", "product_id", "row_hash")),
                "counters": list(RegistryCounter.objects.order_by("year").values_list(
                    "year", "last_number")),
                "chain": verify(ChangeEvent),
            }
            raise RolledBack
    except RolledBack:
        return register


def test_the_register_is_the_same_whichever_processes_made_its_chunks(monkeypatch):
    """Chunks made by two worker processes, in whatever order they finish, give the register
    one process gives: the same entries, numbers, rows and feed chain."""
    monkeypatch.setattr(generator, "CHUNK", 40)  # 6 chunks, so both workers make some
    # The catalogue and the makers both runs share (ids drawn in a rolled-back run are not
    # drawn again on PostgreSQL).
    load_categories(Summary())
    ensure_manufacturers(20, random.Random(9))
    alone = generated_register(workers=0)
    assert len(alone["entries"]) == 230 and len(alone["events"]) > 230
    assert alone["chain"] == (len(alone["events"]), None)
    assert generated_register(workers=2) == alone


def test_every_entry_has_its_public_history():
    call_command("generate_register", entries=300, seed=4)
    included = ChangeEvent.objects.filter(kind="entry.included").count()
    assert included == 300
    for product in Product.objects.exclude(status="registered")[:10]:
        kinds = list(product.change_events.order_by("id").values_list("kind", flat=True))
        assert kinds[0] == "entry.included"
        assert kinds[-1] == f"entry.{product.status}"


def test_terms_ended_before_today_are_recorded_as_expired():
    """As the daily round leaves a register: nothing past its term still reads registered,
    and each expiry has its event, after the suspension if there was one."""
    call_command("generate_register", entries=300, seed=4)
    today = timezone.localdate()
    assert not Product.objects.filter(status__in=LAPSING, valid_until__lt=today).exists()
    expired = Product.objects.filter(status=ProductStatus.EXPIRED)
    assert expired.exists() and Product.objects.filter(valid_until__gte=today).exists()
    for product in expired[:20]:
        events = list(product.change_events.order_by("id").values_list("kind", "changes"))
        assert [kind for kind, _changes in events][-1] == "entry.expired"
        statuses = ["registered"] + [changes["status"]["after"] for _kind, changes in events[1:]]
        assert [changes["status"]["before"] for _kind, changes in events[1:]] == statuses[:-1]
        assert events[-1][1]["status"]["before"] in LAPSING


def test_generated_events_continue_the_feed_s_hash_chain(maker_a):
    with transaction.atomic():
        record("manufacturer.changed", manufacturer=maker_a)
    call_command("generate_register", entries=50, seed=5)
    assert verify(ChangeEvent) == (ChangeEvent.objects.count(), None)


def test_generated_entries_pass_validation_and_numbers_continue_the_counters():
    call_command("generate_register", entries=400, seed=3)
    assert Product.objects.count() == 400
    for product in Product.objects.order_by("?")[:40]:
        product.full_clean()
    numbers = set(Product.objects.values_list("registry_number", flat=True))
    assert len(numbers) == 400
    for counter in RegistryCounter.objects.all():
        year_numbers = [n for n in numbers if n.startswith(f"UR-{counter.year}-")]
        assert max(year_numbers) == f"UR-{counter.year}-{counter.last_number:06d}"
    assert ProductParameter.objects.exists() and ForeignAnalog.objects.exists()


def test_a_second_run_adds_entries_without_clashing_numbers():
    call_command("generate_register", entries=200, seed=1)
    call_command("generate_register", entries=200, seed=2)
    numbers = list(Product.objects.values_list("registry_number", flat=True))
    assert len(numbers) == len(set(numbers)) == 400


def test_generated_keys_equal_those_computed_on_save():
    call_command("generate_register", entries=100, seed=5)
    for product in Product.objects.all()[:50]:
        stored = (product.key_lookalike, product.key_translit, product.key_skeleton,
                  product.key_family)
        product.refresh_part_keys()
        assert stored == (product.key_lookalike, product.key_translit, product.key_skeleton,
                          product.key_family)


def test_designations_look_like_the_real_ones():
    rng = random.Random(1)
    logic = [designation(rng, "logic") for _ in range(50)]
    assert any(p.startswith(("К", "КР")) for p in logic)
    assert any(p.startswith("IN74") for p in logic)
    assert all(foreign_analog(rng, "logic") for _ in range(10))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_bulk_load_on_postgresql_rebuilds_the_indexes_it_dropped():
    from django.db import connection

    def index_count():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename LIKE 'products_%'")
            return cursor.fetchone()[0]

    def vectors(ids):
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, search_vector::text FROM products_product "
                           "WHERE id = ANY(%s)", [ids])
            return dict(cursor.fetchall())

    before = index_count()
    call_command("generate_register", entries=50_000, seed=11)
    assert Product.objects.count() == 50_000
    assert index_count() == before
    # The load wrote the vectors itself, with the trigger off: they are the ones the trigger
    # computes once it is on again (setting the column to NULL makes it compute them).
    sample = list(Product.objects.order_by("?").values_list("pk", flat=True)[:300])
    loaded = vectors(sample)
    assert all(loaded.values())
    Product.objects.filter(pk__in=sample).update(search_vector=None)
    assert vectors(sample) == loaded
