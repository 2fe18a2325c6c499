"""Chain the decision log and the change feed by hash, the rows already written included.

The chain of existing rows is computed here in id order; on PostgreSQL the append-only trigger
is switched off for that one UPDATE pass (the migration runs as the tables' owner) and on again
in the same transaction.
"""

from django.db import migrations, models

from registry.models.chain import GENESIS, link_hash

# The content each row's hash covers, as the models name it at this migration.
CHAINED = {
    "decision": ("occurred_at", "actor_id", "action", "manufacturer_id", "application_id",
                 "product_id", "from_state", "to_state", "comment", "data"),
    "changeevent": ("occurred_at", "kind", "product_id", "manufacturer_id", "category_id",
                    "registry_number", "application_id", "actor_id", "comment", "changes"),
}
BATCH = 2000


def _set_trigger(schema_editor, table, state):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {table} {state} TRIGGER {table}_append_only")


def chain_existing_rows(apps, schema_editor):
    for name, fields in CHAINED.items():
        model = apps.get_model("registry", name)
        table = model._meta.db_table
        _set_trigger(schema_editor, table, "DISABLE")
        previous, batch = GENESIS, []
        rows = model.objects.order_by("pk").values("pk", *fields).iterator(chunk_size=BATCH)
        for values in rows:
            row_hash = link_hash(previous, fields, values)
            batch.append(model(pk=values["pk"], previous_hash=previous, row_hash=row_hash))
            previous = row_hash
            if len(batch) == BATCH:
                model.objects.bulk_update(batch, ["previous_hash", "row_hash"])
                batch = []
        model.objects.bulk_update(batch, ["previous_hash", "row_hash"])
        _set_trigger(schema_editor, table, "ENABLE")


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='changeevent',
            name='previous_hash',
            field=models.CharField(default='', editable=False, max_length=64, verbose_name='hash of the previous row'),
        ),
        migrations.AddField(
            model_name='changeevent',
            name='row_hash',
            field=models.CharField(default='', editable=False, max_length=64, verbose_name='hash of this row'),
        ),
        migrations.AddField(
            model_name='decision',
            name='previous_hash',
            field=models.CharField(default='', editable=False, max_length=64, verbose_name='hash of the previous row'),
        ),
        migrations.AddField(
            model_name='decision',
            name='row_hash',
            field=models.CharField(default='', editable=False, max_length=64, verbose_name='hash of this row'),
        ),
        migrations.RunPython(chain_existing_rows, migrations.RunPython.noop),
    ]
