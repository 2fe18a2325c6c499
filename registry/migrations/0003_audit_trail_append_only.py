"""The whole audit trail is append-only in the database itself (PostgreSQL).

0002 made the decision log and the change feed refuse UPDATE and DELETE; issued extracts
refuse them since extracts 0002. This adds the same trigger to every table of
django-simple-history (the field-level history of manufacturers, memberships, entries and
their parts, applications and their documents), so that neither the admin, a shell, raw SQL
nor another client of the database rewrites the past. TRUNCATE, used only by the test runner
to empty a database, is not a row change and passes. SQLite, the development database, has
no triggers; the models and querysets refuse there.

tests/registry/test_audit_trail.py checks that every history table carries the trigger, so a
model given HistoricalRecords later needs a migration like this one.
"""

from django.db import migrations

AUDITED_APPS = ("manufacturers", "products", "registry")


def history_tables(apps):
    return sorted(
        model._meta.db_table for model in apps.get_models()
        if model._meta.app_label in AUDITED_APPS and model.__name__.startswith("Historical")
    )


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in history_tables(apps):
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION registry_refuse_change()"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in history_tables(apps):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")


class Migration(migrations.Migration):

    dependencies = [
        ("extracts", "0002_append_only_trigger"),
        ("manufacturers", "0002_initial"),
        ("products", "0004_search_indexes"),
        ("registry", "0002_workflow"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
