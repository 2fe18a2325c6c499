"""Issued extracts' link to their entry, and on PostgreSQL a trigger by which the database
itself refuses to change or delete an issued extract.

The model refuses too; the trigger also stops raw SQL and other clients of the database.
(SQLite is the development database: its test flush deletes rows, so it has no trigger.)
"""

import django.db.models.deletion
from django.db import migrations, models

CREATE = """
CREATE FUNCTION extracts_extract_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'register extracts are append-only (% refused)', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
CREATE TRIGGER extracts_extract_append_only
    BEFORE UPDATE OR DELETE ON extracts_extract
    FOR EACH ROW EXECUTE FUNCTION extracts_extract_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS extracts_extract_append_only ON extracts_extract;
DROP FUNCTION IF EXISTS extracts_extract_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)  # the SQL holds a literal %


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('extracts', '0001_initial'),
        ('products', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='extract',
            name='product',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='extracts', to='products.product', verbose_name='register entry'),
        ),
        migrations.AddConstraint(
            model_name='extract',
            constraint=models.CheckConstraint(condition=models.Q(('language__in', ['ru', 'en'])), name='extract_language_valid'),
        ),
        migrations.RunPython(create, drop),
    ]
