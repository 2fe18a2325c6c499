"""Two database roles: the owner, which migrations run as, and the application's, which owns
nothing.

The application's role may read and write the register's tables, but on the audit trail (the
decision log, the change feed, issued extracts, every history table) it may only read and
append: no UPDATE, DELETE or TRUNCATE, and, owning no table, it can neither switch a trigger
off nor alter a table. `manage.py migrate` connects as the owner when DATABASE_MIGRATE_URL is
set and grants these privileges to the role of DATABASE_URL afterwards, so a table a migration
adds is covered at once; new tables start with SELECT and INSERT only (default privileges).
"""

from contextlib import contextmanager

import dj_database_url
from django.apps import apps
from django.conf import settings
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from simple_history.models import HistoricalChanges

from registry.models.appendonly import AppendOnlyModel

# Tables the application reads but never writes.
READ_ONLY = ["django_migrations"]


def append_only_tables():
    return sorted(
        model._meta.db_table for model in apps.get_models()
        if issubclass(model, AppendOnlyModel | HistoricalChanges)
    )


def grant_statements(role, owner, database):
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    role, owner = quote(role), quote(owner)
    trail = ", ".join(quote(table) for table in append_only_tables() + READ_ONLY)
    return [
        f"GRANT CONNECT ON DATABASE {quote(database)} TO {role}",
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {trail} FROM {role}",
        f"REVOKE INSERT ON {', '.join(quote(t) for t in READ_ONLY)} FROM {role}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
        f"GRANT SELECT, INSERT ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
        f"GRANT USAGE, SELECT ON SEQUENCES TO {role}",
    ]


def grant(connection, role):
    """Give `role` the application's privileges; `connection` is the tables' owner's."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, current_database()")
        owner, database = cursor.fetchone()
        if role == owner:
            raise CommandError(
                f"The application's role {role!r} is the role migrations run as: give the "
                "application a role of its own (DATABASE_URL) and the owner DATABASE_MIGRATE_URL.")
        for statement in grant_statements(role, owner, database):
            cursor.execute(statement)


def app_role():
    """The role DATABASE_URL connects as."""
    return settings.DATABASES[DEFAULT_DB_ALIAS]["USER"]


@contextmanager
def as_owner():
    """Run the block on the default connection as DATABASE_MIGRATE_URL's role (the owner).

    Without DATABASE_MIGRATE_URL it changes nothing. The owner's URL must name the same
    database; the block uses a plain connection (no pool).
    """
    url = settings.DATABASE_MIGRATE_URL
    if not url:
        yield False
        return
    connection = connections[DEFAULT_DB_ALIAS]
    owner = dj_database_url.parse(url)
    if owner["NAME"] != connection.settings_dict["NAME"]:
        raise CommandError(f"DATABASE_MIGRATE_URL names the database {owner['NAME']!r}, "
                           f"DATABASE_URL {connection.settings_dict['NAME']!r}: they must agree.")
    saved = dict(connection.settings_dict)
    options = {k: v for k, v in saved.get("OPTIONS", {}).items() if k != "pool"}
    connection.close()
    connection.settings_dict.update({key: owner[key] for key in ("USER", "PASSWORD", "HOST",
                                                                 "PORT")})
    connection.settings_dict["OPTIONS"] = options
    try:
        yield True
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
