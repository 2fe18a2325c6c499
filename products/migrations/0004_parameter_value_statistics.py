"""PostgreSQL statistics on (template, numeric value) of entry parameters.

The planner otherwise takes the two as independent and misjudges a condition such as
"template 47 and value ≥ 1200" (every value of that template is ≥ 1200) by a factor of
twenty; it then reads and sorts every match instead of reading the parameter index in
order and stopping after the first substitutes. Other databases keep no such statistics.
"""

from django.db import migrations

CREATE = ("CREATE STATISTICS IF NOT EXISTS parameter_template_value_stats (mcv, dependencies) "
          "ON template_id, value_numeric FROM products_productparameter")
DROP = "DROP STATISTICS IF EXISTS parameter_template_value_stats"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)
        schema_editor.execute("ANALYZE products_productparameter")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):

    dependencies = [
        ("products", "0003_parameter_indexes_end_with_entry"),
    ]

    operations = [migrations.RunPython(create, drop)]
