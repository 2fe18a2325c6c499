"""The decision log and the change feed: append-only, ordered, and safe under concurrency."""

import threading
import time

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from products.models import Product
from registry import workflow
from registry.feed.reading import changes_after, public_history
from registry.feed.recording import record
from registry.models import Application, ChangeEvent, Decision
from registry.models.appendonly import AppendOnlyError
from tests import factories
from tests.applications import include_data, make_application, mcu_category
from tests.factories import make_product, make_user
from tests.threads import run_in_threads


@pytest.fixture
def logged(maker_a, registrar):
    product = make_product(manufacturer=maker_a)
    workflow.suspend(product, registrar, "check")
    return ChangeEvent.objects.get(), Decision.objects.get()


@pytest.mark.django_db
def test_log_entries_refuse_update_and_delete(logged):
    for entry in logged:
        model = type(entry)
        entry.comment = "rewritten"
        with pytest.raises(AppendOnlyError):
            entry.save()
        with pytest.raises(AppendOnlyError):
            entry.delete()
        with pytest.raises(AppendOnlyError):
            model.objects.filter(pk=entry.pk).update(comment="rewritten")
        with pytest.raises(AppendOnlyError):
            model.objects.filter(pk=entry.pk).delete()
        with pytest.raises(AppendOnlyError):
            model.objects.bulk_update([entry], ["comment"])
        assert model.objects.get(pk=entry.pk).comment == "check"


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_database_itself_refuses_to_rewrite_the_logs(logged):
    for entry in logged:
        table = entry._meta.db_table
        for sql in (f"UPDATE {table} SET comment = 'x' WHERE id = %s",
                    f"DELETE FROM {table} WHERE id = %s"):
            with pytest.raises(DatabaseError, match=factories.REFUSED_REWRITE), \
                    transaction.atomic(), \
                    connection.cursor() as cursor:
                cursor.execute(sql, [entry.pk])
        assert type(entry).objects.get(pk=entry.pk).comment == "check"


@pytest.mark.django_db(transaction=True)
def test_an_event_is_written_only_inside_the_changing_transaction(maker_a):
    with pytest.raises(RuntimeError):
        record("entry.corrected", manufacturer=maker_a)
    assert not ChangeEvent.objects.exists()


@pytest.mark.django_db
def test_public_history_and_the_feed(rep_a, maker_a, registrar):
    application = make_application(rep_a, maker_a, state="approved", registrar=registrar)
    product = application.product
    workflow.suspend(product, registrar, "check")
    workflow.reinstate(product, registrar)
    other = make_product(manufacturer=maker_a)
    workflow.exclude(other, registrar, reason_code="false_data", legal_basis="Order 9")
    history = public_history(product)
    assert [e.kind for e in history] == ["entry.included", "entry.suspended", "entry.reinstated"]
    assert history[0].application == application
    feed = list(changes_after(0))
    assert [e.kind for e in feed] == ["entry.included", "entry.suspended", "entry.reinstated",
                                      "entry.excluded"]
    assert list(changes_after(feed[1].id)) == feed[2:]
    assert all(e.occurred_at <= timezone.now() for e in feed)


# --- PostgreSQL: parallel writers ---------------------------------------------------------------

@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_approvals_take_consecutive_unique_numbers(maker_a, rep_a):
    registrars = [make_user(f"registrar{i}", is_staff=True, is_superuser=True) for i in range(6)]
    category = mcu_category()
    applications = [
        make_application(rep_a, maker_a, state="under_review", registrar=registrars[i],
                         data=include_data(category, part_number=f"1986ВЕ{i}Т"))
        for i in range(6)
    ]
    errors = run_in_threads(6, lambda i: workflow.approve(applications[i], registrars[i]))
    assert errors == []
    year = timezone.localdate().year
    numbers = sorted(Product.objects.values_list("registry_number", flat=True))
    assert numbers == [f"UR-{year}-{n:06d}" for n in range(1, 7)]
    assert Application.objects.filter(state="approved").count() == 6
    events = list(ChangeEvent.objects.order_by("id"))
    assert sorted(e.registry_number for e in events) == numbers


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_events_become_visible_in_id_order(maker_a):
    """A writer holding the feed lock makes the next writer wait, so a later id never
    commits before an earlier one."""
    first_written, order = threading.Event(), []

    def slow_writer():
        with transaction.atomic():
            event = record("entry.corrected", manufacturer=maker_a, comment="slow")
            first_written.set()
            time.sleep(0.5)
            order.append(("slow commits", event.id))

    def fast_writer():
        first_written.wait()
        with transaction.atomic():
            event = record("entry.corrected", manufacturer=maker_a, comment="fast")
        order.append(("fast commits", event.id))

    def work(index):
        (slow_writer if index == 0 else fast_writer)()

    assert run_in_threads(2, work) == []
    assert [name for name, _id in order] == ["slow commits", "fast commits"]
    assert order[0][1] < order[1][1]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_decisions_on_one_entry_apply_once(maker_a):
    product = make_product(manufacturer=maker_a)
    registrars = [make_user(f"r{i}", is_staff=True, is_superuser=True) for i in range(4)]
    errors = run_in_threads(4, lambda i: workflow.suspend(product, registrars[i], f"r{i}"))
    assert len(errors) == 3 and all(isinstance(e, workflow.TransitionError) for e in errors)
    assert ChangeEvent.objects.filter(kind="entry.suspended").count() == 1
