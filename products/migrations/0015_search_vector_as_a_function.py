"""An entry's search vector as a SQL function of its names and its manufacturer, which the
trigger calls: a bulk load can then compute the vectors once per distinct combination, with
the trigger off, instead of once per row (PostgreSQL only, as the trigger)."""

from django.db import migrations

VECTOR = """
    CREATE OR REPLACE FUNCTION products_search_vector(
        entry_name_ru text, entry_name_en text, entry_description_ru text,
        entry_description_en text, maker_id bigint
    ) RETURNS tsvector LANGUAGE sql STABLE AS $$
        SELECT setweight(to_tsvector('russian', coalesce(entry_name_ru, '')), 'A')
            || setweight(to_tsvector('english', coalesce(entry_name_en, '')), 'A')
            || setweight(to_tsvector('russian', coalesce(entry_description_ru, '')), 'B')
            || setweight(to_tsvector('english', coalesce(entry_description_en, '')), 'B')
            || setweight(to_tsvector('russian',
                   concat_ws(' ', maker.short_name_ru, maker.name_ru)), 'C')
            || setweight(to_tsvector('english',
                   concat_ws(' ', maker.short_name_en, maker.name_en)), 'C')
        FROM (SELECT NULL) AS one
        LEFT JOIN manufacturers_manufacturer maker ON maker.id = maker_id
    $$
"""

TRIGGER = """
    CREATE OR REPLACE FUNCTION products_product_search_vector() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector := products_search_vector(
            NEW.name_ru, NEW.name_en, NEW.description_ru, NEW.description_en,
            NEW.manufacturer_id);
        RETURN NEW;
    END
    $$
"""

# The trigger's body before this migration.
PREVIOUS_TRIGGER = """
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
"""


def run(*statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)
    return operation


class Migration(migrations.Migration):

    dependencies = [
        ('products', '0014_category_index_in_registry_number_order'),
    ]

    operations = [
        migrations.RunPython(
            run(VECTOR, TRIGGER),
            run(PREVIOUS_TRIGGER, "DROP FUNCTION IF EXISTS products_search_vector"),
        ),
    ]
