"""PostgreSQL's search machinery: the search-vector trigger and the indexes search relies on.

Only PostgreSQL runs this DDL; on SQLite the migration does nothing (search falls back to
plain pattern matching there). The trigger keeps `search_vector` current on every write,
bulk inserts and queryset updates included, and a second trigger refreshes the entries of
a manufacturer whose names change.
"""

from django.db import migrations

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

    dependencies = [
        ("manufacturers", "0002_initial"),
        ("products", "0003_search_vector"),
    ]

    operations = [
        migrations.RunPython(run(FORWARD), run(BACKWARD), elidable=False),
    ]
