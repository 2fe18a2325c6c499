"""PostgreSQL statistics on each (template, value) pair of entry parameters, text included.

A parametric search reads the parameter index from one value on and stops after a few dozen
rows. With the default sample, the planner knew only the hundred commonest pairs and put
"template 36, value 12" at 31 rows where there were 3,745; it then fetched every match by
bitmap and sorted them, a hundred times the work. Statistics over up to 1,000 pairs, for the
numeric and the text value, bring its estimates to the real counts. Other databases keep no
such statistics.
"""

from django.db import migrations

TARGET = 1000
CREATE_TEXT = ("CREATE STATISTICS IF NOT EXISTS parameter_template_text_stats (mcv, dependencies) "
               "ON template_id, value FROM products_productparameter")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_TEXT)
    for name in ("parameter_template_value_stats", "parameter_template_text_stats"):
        schema_editor.execute(f"ALTER STATISTICS {name} SET STATISTICS {TARGET}")
    schema_editor.execute("ANALYZE products_productparameter")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP STATISTICS IF EXISTS parameter_template_text_stats")
    schema_editor.execute("ALTER STATISTICS parameter_template_value_stats SET STATISTICS -1")


class Migration(migrations.Migration):

    dependencies = [
        ("products", "0004_parameter_value_statistics"),
    ]

    operations = [migrations.RunPython(create, drop)]
