"""Lists as lists: a microcontroller's interfaces become a multi-valued parameter whose items
are counted by canonical term, and stored choices and list items take the vocabulary's
spellings ("Risc-V" → RISC-V, "usart" → UART). Entries whose stored document changes (a value
respelled, a parameter's kind) are marked updated, so their documents are rendered again."""

from django.db import migrations, models
from django.utils import timezone

from products import vocabulary

BATCH = 2000


def _respelled(template, row):
    if template.kind == "choice":
        return vocabulary.respell(template.key, row.value), ""
    value = vocabulary.tidy_list(template.key, row.value)
    value = value if len(value) <= 300 else row.value
    return value, vocabulary.joined_terms(template.key, value)


def clean_values(apps, schema_editor):
    Template = apps.get_model("products", "ParameterTemplate")
    Parameter = apps.get_model("products", "ProductParameter")
    Product = apps.get_model("products", "Product")
    now_lists = list(Template.objects.filter(key="interfaces", kind="text").values_list(
        "pk", flat=True))
    Template.objects.filter(pk__in=now_lists).update(kind="multiple")
    touched = set(Parameter.objects.filter(template__in=now_lists).values_list(
        "product_id", flat=True))
    for template in Template.objects.filter(kind__in=["choice", "multiple"]):
        changed = []
        rows = Parameter.objects.filter(template=template).only(
            "pk", "product_id", "value", "value_terms")
        for row in rows.iterator(chunk_size=BATCH):
            value, terms = _respelled(template, row)
            if (value, terms) == (row.value, row.value_terms):
                continue
            if value != row.value:
                touched.add(row.product_id)
            row.value, row.value_terms = value, terms
            changed.append(row)
            if len(changed) == BATCH:
                Parameter.objects.bulk_update(changed, ["value", "value_terms"])
                changed = []
        Parameter.objects.bulk_update(changed, ["value", "value_terms"])
    touched = sorted(touched)
    for start in range(0, len(touched), BATCH):
        Product.objects.filter(pk__in=touched[start:start + BATCH]).update(
            updated_at=timezone.now())


class Migration(migrations.Migration):

    dependencies = [
        ('products', '0010_classification_code_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalproductparameter',
            name='value_terms',
            field=models.CharField(blank=True, default='', editable=False, max_length=320),
        ),
        migrations.AddField(
            model_name='productparameter',
            name='value_terms',
            field=models.CharField(blank=True, default='', editable=False, max_length=320),
        ),
        migrations.AlterField(
            model_name='parametertemplate',
            name='kind',
            field=models.CharField(choices=[('number', 'number'), ('choice', 'choice from a list'), ('multiple', 'several choices from a list'), ('text', 'text'), ('boolean', 'yes / no')], default='text', max_length=10, verbose_name='type'),
        ),
        migrations.RunPython(clean_values, migrations.RunPython.noop, elidable=True),
    ]
