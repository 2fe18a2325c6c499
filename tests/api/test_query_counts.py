"""Each endpoint runs a fixed number of queries, kept as a baseline in query_counts.json.

A change that adds a query shows up here; one that saves a query updates the baseline.
"""

import json
from pathlib import Path

import pytest
from django.db import connection

from manufacturers.models import Manufacturer
from products.models import Category
from registry import workflow
from tests.api.conftest import (
    auth,
    issue_token,
    log_deliveries,
    make_full_entries,
    rename,
    results,
)
from tests.applications import include_data, make_application, mcu_category, pdf
from tests.factories import make_category, make_manufacturer, make_product

pytestmark = pytest.mark.django_db

BASELINE = json.loads((Path(__file__).parent / "query_counts.json").read_text())


def baseline(name):
    """The count for `name`; {"postgresql": n, "sqlite": m} where the databases differ (a
    word search on PostgreSQL first checks whether exact words find enough, see textsearch;
    the JSON Lines export there first reads stored documents by COPY, see copied_lines)."""
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
        # Parameter filters across categories: the templates of the key, once.
        "products-list-parameters": "/api/v1/products/?p.vcc.min=1&p.vcc.max=5",
        "products-detail": f"/api/v1/products/{entry}/",
        "products-detail-fields": f"/api/v1/products/{entry}/?fields=part_number,aliases",
        "manufacturers-list": "/api/v1/manufacturers/",
        "manufacturers-detail": "/api/v1/manufacturers/maker-a/",
        "categories-list": "/api/v1/categories/",
        "categories-detail": "/api/v1/categories/ics/",
        "substitutes": "/api/v1/substitutes/?part=74HC164",
        "export-jsonl": "/api/v1/export.jsonl",
        "export-csv": "/api/v1/export.csv",
        "changes": "/api/v1/changes/",
        "products-history": f"/api/v1/products/{entry}/history/",
        "applications-list": "/api/v1/applications/",
        "applications-detail": f"/api/v1/applications/{register.application.pk}/",
        "webhooks-list": "/api/v1/webhooks/",
        "webhooks-deliveries": f"/api/v1/webhooks/{register.webhook.pk}/deliveries/",
    }


def fetch(client, url, headers=None):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.content
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def test_every_endpoint_has_a_baseline(applied):
    assert set(BASELINE) == set(addresses(applied))


@pytest.mark.parametrize("name", sorted(BASELINE))
def test_an_endpoint_runs_its_baseline_of_queries(client, applied, name,
                                                  django_assert_num_queries):
    url = addresses(applied)[name]
    headers = applied.client_headers if name.startswith(("applications", "webhooks")) \
        else None
    fetch(client, "/api/v1/", headers)  # the token's first use is recorded: not counted
    with django_assert_num_queries(baseline(name)):
        fetch(client, url, headers)


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


@pytest.mark.parametrize("size", [5, 60])
def test_a_feed_page_costs_the_same_whatever_its_size(client, maker_a, registrar, size,
                                                     django_assert_max_num_queries):
    category = make_category(parameters=[("vcc", "number", "V")])
    for entry in make_full_entries(size, maker_a, category, category.parameters.get()):
        workflow.suspend(entry, registrar, "audit")
    workflow.correct_manufacturer(maker_a, registrar, edit=lambda: rename(Manufacturer, maker_a))
    workflow.correct_category(category, registrar, edit=lambda: rename(Category, category))
    with django_assert_max_num_queries(BASELINE["changes"]):
        events = results(fetch(client, f"/api/v1/changes/?page_size={size + 2}"))
    assert len(events) == size + 2 and all(e["entry"]["documents"] for e in events[:size])


@pytest.mark.parametrize("size", [3, 30])
def test_a_page_of_applications_costs_the_same_whatever_its_size(
        client, rep_a, maker_a, registrar, size, django_assert_max_num_queries):
    category = mcu_category()
    for n in range(size):
        application = make_application(rep_a, maker_a, state="changes_requested",
                                       registrar=registrar,
                                       data=include_data(category, part_number=f"P{n}"))
        workflow.add_document(application, rep_a, kind="datasheet", file=pdf())
    headers = auth(issue_token(rep_a, maker_a))
    fetch(client, "/api/v1/", headers)
    with django_assert_max_num_queries(BASELINE["applications-list"]):
        rows = results(fetch(client, f"/api/v1/applications/?page_size={size}", headers))
    assert len(rows) == size and all(row["documents"] and row["decisions"] for row in rows)


@pytest.mark.parametrize("size", [3, 60])
def test_a_page_of_deliveries_costs_the_same_whatever_its_size(
        client, rep_a, maker_a, registrar, size, django_assert_max_num_queries):
    workflow.suspend(make_product(manufacturer=maker_a), registrar, "audit")
    subscription = log_deliveries(rep_a, size)
    headers = auth(issue_token(rep_a, maker_a))
    fetch(client, "/api/v1/", headers)
    with django_assert_max_num_queries(BASELINE["webhooks-deliveries"]):
        rows = results(fetch(client, f"/api/v1/webhooks/{subscription.pk}/deliveries/"
                                     f"?page_size={size}", headers))
    assert len(rows) == size and all(row["kind"] == "entry.suspended" for row in rows)
