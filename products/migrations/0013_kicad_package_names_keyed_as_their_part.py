"""KiCad's PART_PACKAGE symbol names (LM317_TO-220) are keyed as their part (LM317).

The keys of rows imported before are derived again; a second import would not do it, since it
writes only rows whose compared values changed.
"""

from django.db import migrations

from products import partnumbers


def rekey(apps, schema_editor):
    ForeignPart = apps.get_model("products", "ForeignPart")
    changed = []
    for part in ForeignPart.objects.filter(part_number__contains="_").only("part_number"):
        base = part.part_number.split("_", 1)[0] or part.part_number
        lookalike, _translit, skeleton, family = partnumbers.keys_of(base)
        part.key_lookalike, part.key_skeleton, part.key_family = lookalike, skeleton, family
        changed.append(part)
    ForeignPart.objects.bulk_update(changed, ["key_lookalike", "key_skeleton", "key_family"],
                                    batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("products", "0012_parameter_values_in_si")]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
