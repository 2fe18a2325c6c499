"""The API's filtered lists read a page through an index in the list's order and stop there,
rather than walking the register: planned on PostgreSQL over enough rows for costs to count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from products.models import Product
from tests.factories import make_category, make_manufacturer

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def page_plan(client, url):
    """The plan of the query that reads the page's entries."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    page = [q["sql"] for q in captured.captured_queries
            if 'FROM "products_product"' in q["sql"] and "LIMIT" in q["sql"]]
    assert page, "the page's query was not found"
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + page[-1])
        return "\n".join(row[0] for row in cursor.fetchall())


def test_a_category_s_page_is_read_in_registry_number_order_from_its_index(client):
    makers = [make_manufacturer(country="BY"), make_manufacturer(country="RU")]
    parent = make_category()
    leaves = [make_category(parent=parent) for _ in range(20)]
    Product.objects.bulk_create([
        Product(part_number=f"PN{n}", name_ru=f"Изделие {n}", name_en=f"Product {n}",
                manufacturer=makers[n % 2], category=leaves[n % 20],
                registry_number=f"UR-2026-{n:06d}", registered_at=datetime.date(2026, 1, 1),
                valid_until=datetime.date(2031, 1, 1),
                status="registered" if n % 3 else "expired")
        for n in range(1, 4001)])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE products_product")
    plan = page_plan(client, f"/api/v1/products/?category={leaves[7].slug}"
                             "&status=registered&page_size=50")
    assert "product_category_number_idx" in plan, plan
    assert "products_product_registry_number_key" not in plan, plan
