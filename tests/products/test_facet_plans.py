"""A search's parameter facets count the values of its matches through the (entry, parameter)
index rather than by reading every value in the register: planned on PostgreSQL over enough
rows for costs to count, with the register's connection settings."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from products import facets, lookups
from products.models import ParameterTemplate, Product, ProductParameter
from registry.synthetic.writer import analyze
from tests.factories import make_category, make_manufacturer

# ANALYZE, which the plan depends on, is the tables' owner's: the application's role is
# told it may not, and the planner keeps guessing from no statistics.
pytestmark = [pytest.mark.django_db, pytest.mark.postgres, pytest.mark.superuser]

ENTRIES = 20_000


def test_the_values_of_a_search_s_matches_are_looked_up_not_scanned():
    category = make_category(parameters=[(f"p{n}", ParameterTemplate.Kind.NUMBER, "V")
                                         for n in range(2)])
    templates = list(category.parameter_templates())
    maker = make_manufacturer()
    Product.objects.bulk_create([
        Product(part_number=f"PN{n}", name_ru=f"Изделие {n}", name_en=f"Product {n}",
                manufacturer=maker, category=category, registry_number=f"UR-2026-{n:06d}",
                registered_at=datetime.date(2026, 1, 1), valid_until=datetime.date(2031, 1, 1))
        for n in range(1, ENTRIES + 1)], batch_size=5000)
    ids = list(Product.objects.order_by("pk").values_list("pk", flat=True))
    ProductParameter.objects.bulk_create([
        ProductParameter(product_id=pk, template=template, value=str(pk % 97),
                         value_numeric=pk % 97, value_si=pk % 97)
        for pk in ids for template in templates], batch_size=10_000)
    analyze(ProductParameter)
    # A twentieth of the register, spread over it as a common word's matches are: with
    # PostgreSQL's default random_page_cost (4) this was a scan of every value.
    matches = ids[::20]

    with CaptureQueriesContext(connection) as captured:
        ranges, _choices = facets.parameter_statistics(
            lambda: lookups.Prepared(matches), templates, ["plan", len(matches)])
    [sql] = [q["sql"] for q in captured.captured_queries
             if 'FROM "products_productparameter"' in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "parameter_unique" in plan, plan
    assert "Seq Scan on products_productparameter" not in plan, plan
    assert {n for n, _low, _high in ranges.values()} == {len(matches)}
