"""The application's database role owns nothing and cannot rewrite the audit trail: no
UPDATE, DELETE or TRUNCATE, no switching a trigger off; the owner cannot TRUNCATE either.

Run as the superuser, a role is made and granted here in the test's transaction (and `SET
ROLE` to it); .ci/run runs the suite connected as the application's real role of a database
migrated by its owner (DATABASE_MIGRATE_URL), where the role is used as it is.
"""

import pytest
from django.db import DatabaseError, connection, transaction

from registry.models import Decision
from registry.security import database_roles
from tests.applications import make_application

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

AUDIT_TABLES = ["registry_decision", "registry_changeevent", "extracts_extract",
                "registry_historicaluser", "products_historicalproduct"]


def fetch(sql, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def superuser():
    return fetch("SELECT rolsuper FROM pg_roles WHERE rolname = session_user")[0][0]


@pytest.fixture
def app_role(db):
    """The application's role: this connection's own, or one made for the test."""
    if not superuser():
        yield fetch("SELECT current_user")[0][0]
        return
    role = f"{connection.settings_dict['NAME']}_app"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
        for statement in database_roles.grant_statements(role, "postgres",
                                                         connection.settings_dict["NAME"]):
            cursor.execute(statement)
        cursor.execute(f'SET ROLE "{role}"')
    yield role
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


def refused(sql):
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    except DatabaseError as error:
        return str(error)
    return None


@pytest.fixture
def logged(app_role, rep_a, maker_a, registrar):
    """The application at work as its role: an approved application writes every log."""
    return make_application(rep_a, maker_a, state="approved", registrar=registrar)


def test_the_application_role_works_and_owns_nothing(logged, app_role):
    assert Decision.objects.filter(application=logged).count() >= 3
    owned = fetch("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                  " WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) = current_user")
    assert owned == []


@pytest.mark.parametrize("table", AUDIT_TABLES)
@pytest.mark.parametrize("statement", [
    "UPDATE {table} SET id = id",
    "DELETE FROM {table}",
    "TRUNCATE {table}",
    "ALTER TABLE {table} DISABLE TRIGGER USER",
    "DROP TABLE {table}",
])
def test_the_application_role_cannot_rewrite_the_trail(logged, table, statement):
    error = refused(statement.format(table=table))
    assert error and ("permission denied" in error or "must be owner" in error), error


def test_the_application_role_still_changes_the_register(logged):
    entry = logged.product
    assert refused(f"UPDATE products_product SET name_en = 'MCU' WHERE id = {entry.pk}") is None


@pytest.mark.superuser
def test_the_owner_cannot_truncate_the_trail_either(logged, app_role):
    if not superuser():
        pytest.skip("needs a superuser to act as the tables' owner")
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f'CREATE ROLE "{app_role}_owner" NOLOGIN')
        cursor.execute(f'ALTER TABLE registry_decision OWNER TO "{app_role}_owner"')
        cursor.execute(f'SET ROLE "{app_role}_owner"')
    error = refused("TRUNCATE registry_decision CASCADE")
    assert error and "TRUNCATE is refused" in error
    assert refused("DELETE FROM registry_decision") is not None  # the row trigger


def test_every_table_of_the_trail_is_append_only_for_the_application(logged, app_role):
    trail = database_roles.append_only_tables()
    assert set(AUDIT_TABLES) <= set(trail)
    rows = fetch("SELECT t, has_table_privilege(current_user, t, 'UPDATE'), "
                 "has_table_privilege(current_user, t, 'DELETE'), "
                 "has_table_privilege(current_user, t, 'TRUNCATE'), "
                 "has_table_privilege(current_user, t, 'INSERT') FROM unnest(%s::text[]) t",
                 trail)
    assert [row for row in rows if row[1:] != (False, False, False, True)] == []


@pytest.mark.superuser
def test_the_owner_s_own_role_is_not_made_the_application_s(db):
    if not superuser():
        pytest.skip("run as the tables' owner")
    from django.core.management import CommandError, call_command

    owner = fetch("SELECT current_user")[0][0]
    with pytest.raises(CommandError, match="role of its own"):
        call_command("grant_app_role", owner)
