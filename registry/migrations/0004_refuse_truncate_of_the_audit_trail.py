"""On PostgreSQL, TRUNCATE of the audit trail is refused too, not only UPDATE and DELETE.

A statement trigger before TRUNCATE on the decision log, the change feed, issued extracts and
every history table. A superuser passes: such a role can switch any trigger off anyway (the
hash chain of the logs shows what it changed), and the test runner empties its databases as
one. The application's own role has no TRUNCATE privilege on these tables either
(`manage.py grant_app_role`).
"""

from django.db import migrations

REFUSE_TRUNCATE = """
CREATE OR REPLACE FUNCTION registry_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'rows of % are append-only: TRUNCATE is refused', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""
LOG_TABLES = ["registry_decision", "registry_changeevent", "extracts_extract"]
AUDITED_APPS = ("manufacturers", "products", "registry")


def audit_tables(apps):
    history = sorted(
        model._meta.db_table for model in apps.get_models()
        if model._meta.app_label in AUDITED_APPS and model.__name__.startswith("Historical")
    )
    return LOG_TABLES + history


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(REFUSE_TRUNCATE, params=None)  # "%" is PL/pgSQL, not a placeholder
    for table in audit_tables(apps):
        schema_editor.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION registry_refuse_truncate()")


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in audit_tables(apps):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS registry_refuse_truncate()")


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0003_history_of_accounts_and_tokens"),
        ("extracts", "0002_initial"),
        ("products", "0004_parameter_value_statistics"),
        ("manufacturers", "0002_initial"),
    ]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers),
    ]
