"""The decision log and the change feed are chained by hash: `verify_log` finds a row changed
or removed behind the application's back, even by the database's owner, and the open data
publishes the newest hashes so that a rewritten log no longer matches."""

import datetime
import io
import json
import types

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from registry.feed.recording import record
from registry.models import ChangeEvent, ChangeKind, Decision
from registry.models.chain import GENESIS, link_hash, verify
from registry.opendata import writer
from registry.workflow import records
from tests.applications import make_application
from tests.threads import run_in_threads

# Tampering needs the superuser: the append-only triggers stop even the tables' owner.
pytestmark = [pytest.mark.django_db, pytest.mark.superuser]


@pytest.fixture
def history(rep_a, maker_a, registrar):
    """An approved application: several decisions and a change event."""
    return make_application(rep_a, maker_a, state="approved", registrar=registrar)


def tamper(sql, *params):
    """Change a log row as the database's owner would: switching the trigger off first."""
    with connection.cursor() as cursor:
        table = next(word for word in sql.split() if word.startswith("registry_"))
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks on ALTER
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only")


def verify_log(*args):
    output = io.StringIO()
    call_command("verify_log", *args, stdout=output)
    return output.getvalue()


def test_every_row_holds_the_hash_of_the_one_before(history):
    for model in (Decision, ChangeEvent):
        rows = list(model.objects.order_by("pk"))
        assert rows, model
        previous = GENESIS
        for row in rows:
            assert row.previous_hash == previous
            assert row.row_hash == link_hash(previous, model.chained_fields,
                                             {f: getattr(row, f) for f in model.chained_fields})
            previous = row.row_hash
    assert "OK" in verify_log()


def test_a_changed_comment_is_the_first_broken_link(history):
    decisions = list(Decision.objects.order_by("pk"))
    altered = decisions[1]
    tamper("UPDATE registry_decision SET comment = %s WHERE id = %s", "nothing happened",
           altered.pk)
    with pytest.raises(CommandError) as failure:
        verify_log()
    message = str(failure.value)
    assert f"registry_decision id {altered.pk}: row_hash expected" in message
    assert f"found {altered.row_hash}" in message


def test_a_removed_decision_breaks_the_link_of_the_next(history):
    decisions = list(Decision.objects.order_by("pk"))
    removed, following = decisions[1], decisions[2]
    tamper("DELETE FROM registry_decision WHERE id = %s", removed.pk)
    with pytest.raises(CommandError) as failure:
        verify_log()
    assert (f"registry_decision id {following.pk}: previous_hash expected "
            f"{decisions[0].row_hash}, found {removed.row_hash}") in str(failure.value)


def test_a_changed_feed_event_is_found_too(history):
    event = ChangeEvent.objects.get()
    tamper("UPDATE registry_changeevent SET registry_number = %s WHERE id = %s", "BY-0000-000",
           event.pk)
    count, broken = verify(ChangeEvent)
    assert (broken.table, broken.pk, broken.column) == ("registry_changeevent", event.pk,
                                                        "row_hash")


@pytest.mark.postgres
def test_verify_log_detects_a_row_altered_by_the_superuser(history):
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone()[0], "this test runs as the database's superuser"
    decision = Decision.objects.order_by("pk").last()
    tamper("UPDATE registry_decision SET to_state = 'rejected' WHERE id = %s", decision.pk)
    with pytest.raises(CommandError, match=f"registry_decision id {decision.pk}: row_hash"):
        verify_log()


def test_a_published_hash_must_still_be_in_the_chain(history, maker_a, registrar):
    published = Decision.objects.order_by("pk").last().row_hash
    records.log("manufacturer.corrected", actor=registrar, manufacturer=maker_a, notify=False)
    assert "found" in verify_log("--expect", f"registry_decision:{published}")
    tamper("UPDATE registry_decision SET comment = 'x' WHERE row_hash = %s", published)
    tamper("UPDATE registry_decision SET row_hash = %s WHERE row_hash = %s", "f" * 64, published)
    with pytest.raises(CommandError):
        verify_log("--expect", f"registry_decision:{published}")


def test_expect_takes_a_table_and_a_hash():
    with pytest.raises(CommandError, match="TABLE:HASH"):
        verify_log("--expect", "registry_users:abc")


def test_bulk_created_rows_are_chained(maker_a):
    Decision.objects.bulk_create([Decision(action="manufacturer.corrected", manufacturer=maker_a,
                                           comment=f"{n}") for n in range(3)])
    assert verify(Decision) == (3, None)
    assert Decision.objects.filter(row_hash="").count() == 0


def test_the_migration_chains_rows_written_before_it(history):
    for table in ("registry_decision", "registry_changeevent"):
        tamper(f"UPDATE {table} SET previous_hash = '', row_hash = ''")
    assert verify(Decision)[1] is not None
    migration = MigrationExecutor(connection).loader.get_migration(
        "registry", "0002_hash_chain_the_logs")
    state = MigrationExecutor(connection).loader.project_state(
        ("registry", "0002_hash_chain_the_logs"))
    editor = types.SimpleNamespace(connection=connection,
                                   execute=lambda sql: connection.cursor().execute(sql))
    module = __import__(migration.__module__, fromlist=["chain_existing_rows"])
    module.chain_existing_rows(state.apps, editor)
    assert verify(Decision)[1] is None
    assert verify(ChangeEvent)[1] is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_chain_from_the_same_row(maker_a):
    def append(index):
        for n in range(5):
            with transaction.atomic():
                records.log("manufacturer.corrected", actor=None, manufacturer=maker_a,
                            comment=f"{index}.{n}", notify=False)
                record(ChangeKind.MANUFACTURER_CHANGED, manufacturer=maker_a)

    assert run_in_threads(4, append) == []
    assert verify(Decision) == (20, None)
    assert verify(ChangeEvent) == (20, None)


def test_the_open_data_publishes_the_newest_hash_of_each_chain(history, tmp_path):
    out = tmp_path / "open-data"
    manifest = call_export(out)
    chains = manifest["log_chains"]
    decision = Decision.objects.order_by("pk").last()
    assert chains["decisions"] == {"table": "registry_decision", "rows": Decision.objects.count(),
                                   "last_id": decision.pk, "row_hash": decision.row_hash}
    assert chains["changes"]["row_hash"] == ChangeEvent.objects.get().row_hash
    assert json.loads((out / "manifest.json").read_text())["log_chains"] == chains
    published = [json.loads(line) for line in (out / "log-chains.jsonl").read_text().splitlines()]
    assert published == [chains]


def test_each_day_adds_a_line_and_earlier_days_stay(history, tmp_path):
    out = tmp_path / "open-data"
    noon = timezone.make_aware(datetime.datetime(2026, 3, 10, 12, 0))
    day = datetime.timedelta(days=1)
    first = writer.export(out, since=noon - day, generated_at=noon)
    second = writer.export(out, since=noon, generated_at=noon + day)
    again = writer.export(out, since=noon, generated_at=noon + day + datetime.timedelta(hours=1))
    lines = [json.loads(line) for line in (out / "log-chains.jsonl").read_text().splitlines()]
    assert [line["date"] for line in lines] == ["2026-03-10", "2026-03-11"]
    assert lines[0] == first["log_chains"]
    assert second["log_chains"]["date"] == lines[-1]["date"]
    assert lines[-1] == again["log_chains"]


def call_export(out):
    call_command("export_open_data", "--out", str(out), stdout=io.StringIO())
    return json.loads((out / "manifest.json").read_text())
