"""Number parameters get a copy in SI (80 MHz: 8e7 Hz), which ranges, sorting and parametric
searches read instead of the value in its own unit; the index on values moves to it.

Each distinct (parameter, value) pair is converted once in Python, exactly as a saved value is
(products.units.fill_si), so a bound equal to a stored value stays equal in SI on every
database."""

from django.db import migrations, models

from products import units


def fill_si(apps, schema_editor):
    Template = apps.get_model("products", "ParameterTemplate")
    Parameter = apps.get_model("products", "ProductParameter")
    for template_id, unit in Template.objects.filter(kind="number").values_list("pk", "unit"):
        units.fill_si(Parameter.objects.filter(template_id=template_id), unit)


class Migration(migrations.Migration):

    dependencies = [
        ('products', '0011_parameter_lists'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='productparameter',
            name='parameter_num_product_idx',
        ),
        migrations.AddField(
            model_name='historicalproductparameter',
            name='value_si',
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='productparameter',
            name='value_si',
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill_si, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='productparameter',
            index=models.Index(fields=['template', 'value_si', '-product'],
                               name='parameter_si_product_idx'),
        ),
    ]
