"""Each endpoint runs a fixed number of queries, kept as a baseline in query_counts.json.

A change that adds a query shows up here; one that saves a query updates the baseline.
"""

import json
from pathlib import Path

import pytest
from django.db import connection

from tests.api.conftest import make_full_entries, results
from tests.factories import make_category, make_manufacturer

pytestmark = pytest.mark.django_db

BASELINE = json.loads((Path(__file__).parent / "query_counts.json").read_text())


def baseline(name):
    """The count for `name`; {"postgresql": n, "sqlite": m} where the databases differ (a
    word search on PostgreSQL first checks whether exact words find enough, see textsearch)."""
    count = BASELINE[name]
    return count[connection.vendor] if isinstance(count, dict) else count


def addresses(register):
    entry = register.mcu_entry.registry_number
    return {
        "root": "/api/v1/",
        "products-list": "/api/v1/products/",
        "products-list-filtered": "/api/v1/products/?manufacturer=maker-a&manufacturer=maker-b"
                                  "&category=ics&q=HC164&status=registered&country=BY",
        "products-list-brief": "/api/v1/products/?brief=true",
        "products-detail": f"/api/v1/products/{entry}/",
        "products-detail-fields": f"/api/v1/products/{entry}/?fields=part_number,aliases",
        "manufacturers-list": "/api/v1/manufacturers/",
        "manufacturers-detail": "/api/v1/manufacturers/maker-a/",
        "categories-list": "/api/v1/categories/",
        "categories-detail": "/api/v1/categories/ics/",
        "substitutes": "/api/v1/substitutes/?part=74HC164",
        "export-jsonl": "/api/v1/export.jsonl",
        "export-csv": "/api/v1/export.csv",
    }


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def test_every_endpoint_has_a_baseline(register):
    assert set(BASELINE) == set(addresses(register))


@pytest.mark.parametrize("name", sorted(BASELINE))
def test_an_endpoint_runs_its_baseline_of_queries(client, register, name,
                                                  django_assert_num_queries):
    with django_assert_num_queries(baseline(name)):
        fetch(client, addresses(register)[name])


@pytest.mark.parametrize("size", [5, 100])
def test_a_product_page_costs_the_same_whatever_its_size(client, maker_a, size,
                                                        django_assert_max_num_queries):
    category = make_category(parameters=[("vcc", "number", "V")])
    make_full_entries(size, maker_a, category, category.parameters.get())
    with django_assert_max_num_queries(baseline("products-list")):
        response = fetch(client, f"/api/v1/products/?page_size={size}")
    rows = results(response)
    assert len(rows) == size and all(row["documents"] and row["parameters"] for row in rows)


@pytest.mark.parametrize("size", [5, 100])
def test_a_manufacturer_page_costs_the_same_whatever_its_size(client, size,
                                                             django_assert_max_num_queries):
    for _ in range(size):
        make_manufacturer()
    with django_assert_max_num_queries(baseline("manufacturers-list")):
        assert len(results(fetch(client, f"/api/v1/manufacturers/?page_size={size}"))) == size
