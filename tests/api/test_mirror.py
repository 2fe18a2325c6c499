"""The mirror property of the change feed: a client that polls it ends holding exactly the
register's public data — entries, manufacturers, categories — without gaps or duplicates,
however its polls interleave with the registrars' writes (and, on PostgreSQL, while writers
commit in parallel threads). The client is examples/mirror.py itself."""

import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from registry.models import ChangeEvent
from tests.api.mirroring import assert_mirrors_the_register, make_mirror
from tests.api.registers import Register
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def registrar(registrar_ru):
    """The makers here are Russian (the factories' default): Russia's registrar decides."""
    return registrar_ru


def feed_ids():
    return list(ChangeEvent.objects.order_by("id").values_list("id", flat=True))


def test_a_mirror_polling_between_every_kind_of_change_ends_exact(client, registrar):
    register = Register(registrar)
    mirror, http = make_mirror(client, page_size=2)
    mirror.sync(pages=1)
    script = [
        ("include", 0), ("include", 1), ("register_directly", 0), ("amend", 0),
        ("suspend", 1), ("correct", 1), ("reinstate", 1), ("rename_maker", 0),
        ("include", 0), ("rename_category", 1), ("change_contacts", 1), ("exclude", 2),
        ("withdraw", 0), ("add_maker", 0), ("include", 2), ("rename_category", 0),
        ("rename_maker", 0), ("amend", 3),
    ]
    for name, index in script:
        assert register.step(name, index), name
        mirror.sync(pages=1)
    counts = assert_mirrors_the_register(mirror)
    assert counts == {"entries": 5, "manufacturers": 3, "categories": 2}
    assert http.event_ids == feed_ids()  # each event once, in order, none skipped
    kinds = set(ChangeEvent.objects.values_list("kind", flat=True))
    assert kinds == {"entry.included", "entry.amended", "entry.suspended", "entry.reinstated",
                     "entry.excluded", "entry.corrected", "manufacturer.admitted",
                     "manufacturer.changed", "category.changed"}


@hypothesis_settings(max_examples=15, derandomize=True, deadline=None,
                     suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.sampled_from(Register.STEPS), st.integers(0, 5),
                          st.integers(0, 2)), min_size=1, max_size=14))
def test_any_interleaving_of_writes_and_polls_ends_exact(db, script):
    """Each example starts from an empty register and an empty mirror; a step is a change
    (which the workflow may refuse) followed by 0–2 pages of polling."""
    with transaction.atomic():
        registrar = make_user(is_staff=True, is_superuser=True)
        register = Register(registrar, prefix="h")
        mirror, http = make_mirror(Client(), page_size=2)
        first = ChangeEvent.objects.order_by("id").first()
        for name, index, polls in script:
            register.step(name, index)
            mirror.sync(pages=polls)
        assert_mirrors_the_register(mirror)
        assert http.event_ids == [i for i in feed_ids() if i >= first.id]
        transaction.set_rollback(True)


def test_the_mirror_resumes_after_its_cursor_and_answers_304_when_nothing_changed(
        client, registrar):
    register = Register(registrar)
    register.step("include", 0)
    mirror, http = make_mirror(client)
    assert mirror.sync() == len(feed_ids())
    cursor = mirror.cursor
    assert mirror.sync() == 0  # the same query again: 304
    register.step("suspend", 0)
    assert mirror.sync() == 1 and mirror.cursor > cursor
    assert_mirrors_the_register(mirror)


# --- The script itself, against a running server -------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_the_script_mirrors_a_live_server_into_a_file_and_picks_up_an_approval(
        live_server, tmp_path):
    registrar = make_user("registrar-live", is_staff=True, is_superuser=True)
    register = Register(registrar)
    register.step("include", 0)
    database = tmp_path / "mirror.sqlite3"
    script = [sys.executable, str(settings.BASE_DIR / "examples" / "mirror.py"),
              "--url", live_server.url, "--db", str(database), "--once", "--verify"]
    first = subprocess.run(script, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "first sync: 2 categories" in first.stdout
    assert "mirror holds 1 entries, 2 manufacturers" in first.stdout
    assert "verified: the mirror equals the register" in first.stdout
    product = register.include(1)
    second = subprocess.run(script, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stdout + second.stderr
    assert f"entry.included {product.registry_number}" in second.stdout
    assert "mirror holds 2 entries" in second.stdout
    assert "verified: the mirror equals the register" in second.stdout


# --- PostgreSQL: writers in parallel threads ---------------------------------------------------

@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_mirror_polling_while_writers_commit_in_parallel_ends_exact(client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {}}
    registrars = [make_user(f"registrar{i}", is_staff=True, is_superuser=True)
                  for i in range(4)]
    registers = [Register(registrars[i], makers=1, prefix=f"t{i}") for i in range(4)]
    script = ["include", "include", "suspend", "amend", "rename_maker", "correct",
              "reinstate", "rename_category", "include", "exclude", "change_contacts"]
    mirror, http = make_mirror(client, page_size=3)
    errors = []

    def write(index):
        try:
            for step, name in enumerate(script):
                registers[index].step(name, step)
        except Exception as error:  # reported below: a thread cannot fail the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    polls = 0
    while any(thread.is_alive() for thread in threads):
        mirror.sync(pages=1)
        polls += 1
        time.sleep(0.01)
    for thread in threads:
        thread.join()
    assert errors == []
    counts = assert_mirrors_the_register(mirror)
    assert counts["entries"] == 12 and counts["manufacturers"] == 4
    assert http.event_ids == feed_ids()
    assert polls > 1
