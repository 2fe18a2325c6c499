"""The catalogue's schema, second half (its links to the user model and to manufacturers),
and PostgreSQL's search machinery.

The search machinery runs only on PostgreSQL; on SQLite it does nothing (search falls back to
plain pattern matching there). The trigger keeps `search_vector` current on every write, bulk
inserts and queryset updates included, and a second trigger refreshes the entries of a
manufacturer whose names change.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    CREATE OR REPLACE FUNCTION products_product_search_vector() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        maker record;
    BEGIN
        SELECT name_ru, name_en, short_name_ru, short_name_en INTO maker
          FROM manufacturers_manufacturer WHERE id = NEW.manufacturer_id;
        NEW.search_vector :=
            setweight(to_tsvector('russian', coalesce(NEW.name_ru, '')), 'A')
         || setweight(to_tsvector('english', coalesce(NEW.name_en, '')), 'A')
         || setweight(to_tsvector('russian', coalesce(NEW.description_ru, '')), 'B')
         || setweight(to_tsvector('english', coalesce(NEW.description_en, '')), 'B')
         || setweight(to_tsvector('russian',
                concat_ws(' ', maker.short_name_ru, maker.name_ru)), 'C')
         || setweight(to_tsvector('english',
                concat_ws(' ', maker.short_name_en, maker.name_en)), 'C');
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER products_product_search_vector
    BEFORE INSERT OR UPDATE OF name_ru, name_en, description_ru, description_en,
                               manufacturer_id, search_vector
    ON products_product FOR EACH ROW EXECUTE FUNCTION products_product_search_vector()
    """,
    """
    CREATE OR REPLACE FUNCTION products_manufacturer_names_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF (NEW.name_ru, NEW.name_en, NEW.short_name_ru, NEW.short_name_en)
           IS DISTINCT FROM (OLD.name_ru, OLD.name_en, OLD.short_name_ru, OLD.short_name_en)
        THEN
            -- Touching the column fires the product trigger, which recomputes it.
            UPDATE products_product SET search_vector = NULL WHERE manufacturer_id = NEW.id;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER products_manufacturer_names_changed
    AFTER UPDATE ON manufacturers_manufacturer
    FOR EACH ROW EXECUTE FUNCTION products_manufacturer_names_changed()
    """,
    "CREATE INDEX product_search_vector_idx ON products_product USING gin (search_vector)",
    # Typo-forgiving name search (word similarity) and part-number "contains" (LIKE '%…%').
    "CREATE INDEX product_name_ru_trgm_idx ON products_product USING gin (name_ru gin_trgm_ops)",
    "CREATE INDEX product_name_en_trgm_idx ON products_product USING gin (name_en gin_trgm_ops)",
    "CREATE INDEX product_skeleton_trgm_idx ON products_product "
    "USING gin (key_skeleton gin_trgm_ops)",
    "CREATE INDEX alias_skeleton_trgm_idx ON products_partalias "
    "USING gin (key_skeleton gin_trgm_ops)",
    # Prefix matches (LIKE 'x%') use the varchar_pattern_ops indexes Django creates for the
    # indexed key columns; numeric parameter ranges use parameter_numeric_idx.
    "UPDATE products_product SET search_vector = NULL",
]

BACKWARD = [
    "DROP INDEX IF EXISTS alias_skeleton_trgm_idx",
    "DROP INDEX IF EXISTS product_skeleton_trgm_idx",
    "DROP INDEX IF EXISTS product_name_en_trgm_idx",
    "DROP INDEX IF EXISTS product_name_ru_trgm_idx",
    "DROP INDEX IF EXISTS product_search_vector_idx",
    "DROP TRIGGER IF EXISTS products_manufacturer_names_changed ON manufacturers_manufacturer",
    "DROP FUNCTION IF EXISTS products_manufacturer_names_changed()",
    "DROP TRIGGER IF EXISTS products_product_search_vector ON products_product",
    "DROP FUNCTION IF EXISTS products_product_search_vector()",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)
    return operation


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('manufacturers', '0002_initial'),
        ('products', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='historicaldocument',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalforeignanalog',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalpartalias',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalproduct',
            name='category',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='products.category', verbose_name='category'),
        ),
        migrations.AddField(
            model_name='historicalproduct',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalproduct',
            name='manufacturer',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='manufacturers.manufacturer', verbose_name='manufacturer'),
        ),
        migrations.AddField(
            model_name='historicalproductionstage',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalproductparameter',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='parametertemplate',
            name='category',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='parameters', to='products.category', verbose_name='category'),
        ),
        migrations.AddField(
            model_name='historicalproductparameter',
            name='template',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='products.parametertemplate', verbose_name='parameter'),
        ),
        migrations.AddField(
            model_name='product',
            name='category',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='products', to='products.category', verbose_name='category'),
        ),
        migrations.AddField(
            model_name='product',
            name='manufacturer',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='products', to='manufacturers.manufacturer', verbose_name='manufacturer'),
        ),
        migrations.AddField(
            model_name='partalias',
            name='product',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='aliases', to='products.product', verbose_name='register entry'),
        ),
        migrations.AddField(
            model_name='historicalproductparameter',
            name='product',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='products.product', verbose_name='register entry'),
        ),
        migrations.AddField(
            model_name='historicalproductionstage',
            name='product',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='products.product', verbose_name='register entry'),
        ),
        migrations.AddField(
            model_name='historicalpartalias',
            name='product',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='products.product', verbose_name='register entry'),
        ),
        migrations.AddField(
            model_name='historicalforeignanalog',
            name='product',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='products.product', verbose_name='register entry'),
        ),
        migrations.AddField(
            model_name='historicaldocument',
            name='product',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='products.product', verbose_name='register entry'),
        ),
        migrations.AddField(
            model_name='foreignanalog',
            name='product',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='analogs', to='products.product', verbose_name='register entry'),
        ),
        migrations.AddField(
            model_name='document',
            name='product',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='products.product', verbose_name='register entry'),
        ),
        migrations.AddField(
            model_name='productionstage',
            name='product',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='production_stages', to='products.product', verbose_name='register entry'),
        ),
        migrations.AddField(
            model_name='productparameter',
            name='product',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='parameters', to='products.product', verbose_name='register entry'),
        ),
        migrations.AddField(
            model_name='productparameter',
            name='template',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='values', to='products.parametertemplate', verbose_name='parameter'),
        ),
        migrations.AddIndex(
            model_name='foreignpart',
            index=models.Index(fields=['key_lookalike'], name='foreignpart_lookalike_idx'),
        ),
        migrations.AddIndex(
            model_name='foreignpart',
            index=models.Index(fields=['key_skeleton'], name='foreignpart_skeleton_idx', opclasses=['varchar_pattern_ops']),
        ),
        migrations.AddIndex(
            model_name='foreignpart',
            index=models.Index(fields=['key_family'], name='foreignpart_family_idx'),
        ),
        migrations.AddConstraint(
            model_name='parametertemplate',
            constraint=models.UniqueConstraint(fields=('category', 'key'), name='parameter_template_unique'),
        ),
        migrations.AddIndex(
            model_name='product',
            index=models.Index(fields=['manufacturer', 'status'], name='product_manufacturer_idx'),
        ),
        migrations.AddIndex(
            model_name='product',
            index=models.Index(fields=['category', 'status'], name='product_category_idx'),
        ),
        migrations.AddIndex(
            model_name='product',
            index=models.Index(fields=['status'], name='product_status_idx'),
        ),
        migrations.AddIndex(
            model_name='product',
            index=models.Index(fields=['part_number'], name='product_part_number_idx'),
        ),
        migrations.AddIndex(
            model_name='product',
            index=models.Index(fields=['manufacturer', 'part_number'], name='product_maker_part_idx'),
        ),
        migrations.AddIndex(
            model_name='product',
            index=models.Index(fields=['key_lookalike'], name='product_lookalike_idx'),
        ),
        migrations.AddIndex(
            model_name='product',
            index=models.Index(fields=['key_translit'], name='product_translit_idx'),
        ),
        migrations.AddIndex(
            model_name='product',
            index=models.Index(fields=['key_family'], name='product_family_idx'),
        ),
        migrations.AddIndex(
            model_name='product',
            index=models.Index(fields=['key_skeleton'], name='product_skeleton_idx', opclasses=['varchar_pattern_ops']),
        ),
        migrations.AddConstraint(
            model_name='product',
            constraint=models.CheckConstraint(condition=models.Q(('registry_number__regex', '^[A-Z]{1,10}-[0-9]{4}-[0-9]{6}$')), name='product_registry_number_format'),
        ),
        migrations.AddConstraint(
            model_name='product',
            constraint=models.CheckConstraint(condition=models.Q(('tnved_code', ''), ('tnved_code__regex', '^[0-9]{10}$'), _connector='OR'), name='product_tnved_format'),
        ),
        migrations.AddConstraint(
            model_name='product',
            constraint=models.CheckConstraint(condition=models.Q(('okpd2_code', ''), ('okpd2_code__regex', '^[0-9]{2}(\\.[0-9]{1,2}){0,2}(\\.[0-9]{1,3})?$'), _connector='OR'), name='product_okpd2_format'),
        ),
        migrations.AddConstraint(
            model_name='product',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['registered', 'suspended', 'excluded'])), name='product_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='product',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'excluded'), _negated=True), models.Q(('excluded_at__isnull', False), models.Q(('exclusion_reason', ''), _negated=True)), _connector='OR'), name='product_excluded_has_date_and_reason'),
        ),
        migrations.AddConstraint(
            model_name='product',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'suspended'), _negated=True), ('suspended_at__isnull', False), _connector='OR'), name='product_suspended_has_date'),
        ),
        migrations.AddConstraint(
            model_name='product',
            constraint=models.CheckConstraint(condition=models.Q(('valid_until__isnull', True), ('valid_until__gte', models.F('registered_at')), _connector='OR'), name='product_valid_after_registration'),
        ),
        migrations.AddIndex(
            model_name='partalias',
            index=models.Index(fields=['key_lookalike'], name='alias_lookalike_idx'),
        ),
        migrations.AddIndex(
            model_name='partalias',
            index=models.Index(fields=['key_translit'], name='alias_translit_idx'),
        ),
        migrations.AddIndex(
            model_name='partalias',
            index=models.Index(fields=['key_family'], name='alias_family_idx'),
        ),
        migrations.AddIndex(
            model_name='partalias',
            index=models.Index(fields=['key_skeleton'], name='alias_skeleton_idx', opclasses=['varchar_pattern_ops']),
        ),
        migrations.AddConstraint(
            model_name='partalias',
            constraint=models.UniqueConstraint(fields=('product', 'part_number'), name='alias_unique'),
        ),
        migrations.AddIndex(
            model_name='foreignanalog',
            index=models.Index(fields=['key_skeleton'], name='analog_skeleton_idx'),
        ),
        migrations.AddIndex(
            model_name='foreignanalog',
            index=models.Index(fields=['key_family'], name='analog_family_idx'),
        ),
        migrations.AddConstraint(
            model_name='foreignanalog',
            constraint=models.UniqueConstraint(fields=('product', 'part_number'), name='analog_unique'),
        ),
        migrations.AddConstraint(
            model_name='foreignanalog',
            constraint=models.CheckConstraint(condition=models.Q(('compatibility__in', ['pin_to_pin', 'functional', 'parametric'])), name='analog_compatibility_valid'),
        ),
        migrations.AddConstraint(
            model_name='document',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['datasheet', 'origin_certificate', 'test_report'])), name='document_kind_valid'),
        ),
        migrations.AddConstraint(
            model_name='productionstage',
            constraint=models.UniqueConstraint(fields=('product', 'stage'), name='production_stage_unique'),
        ),
        migrations.AddConstraint(
            model_name='productionstage',
            constraint=models.CheckConstraint(condition=models.Q(('country__regex', '^[A-Z]{2}$')), name='production_stage_country_format'),
        ),
        migrations.AddConstraint(
            model_name='productionstage',
            constraint=models.CheckConstraint(condition=models.Q(('stage__in', ['design', 'wafer_fab', 'assembly', 'test'])), name='production_stage_valid'),
        ),
        migrations.AddIndex(
            model_name='productparameter',
            index=models.Index(fields=['template', 'value_numeric'], name='parameter_numeric_idx'),
        ),
        migrations.AddIndex(
            model_name='productparameter',
            index=models.Index(fields=['template', 'value'], name='parameter_value_idx'),
        ),
        migrations.AddConstraint(
            model_name='productparameter',
            constraint=models.UniqueConstraint(fields=('product', 'template'), name='parameter_unique'),
        ),
        migrations.RunPython(run(FORWARD), run(BACKWARD), elidable=False),
    ]
