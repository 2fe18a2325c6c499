"""The full representation written out by entry_dicts is, key for key and in the same order,
what DRF builds from ProductSerializer's declared fields: on every entry of the test register
and of the demo register, in both languages, with and without a request."""

import json

import pytest
from django.test import RequestFactory
from django.utils import translation

from products.models import ParameterTemplate, Product
from registry.api.serializers.products import ProductSerializer
from registry.demo import loader

from .conftest import make_full_entries

pytestmark = pytest.mark.django_db


def assert_same_everywhere(products, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "register.example.org"]
    requests = [RequestFactory().get("/api/v1/products/"),
                RequestFactory(HTTP_HOST="register.example.org").get("/", secure=True), None]
    checked = 0
    for request in requests:
        serializer = ProductSerializer(context={"request": request})
        for language in ("ru", "en"):
            with translation.override(language):
                for product in products:
                    written = serializer.to_representation(product)
                    declared = serializer.field_by_field(product)
                    # Through JSON, as clients read it: order, types and values.
                    assert json.dumps(written, ensure_ascii=False) == json.dumps(
                        declared, ensure_ascii=False), product.registry_number
                    checked += 1
    return checked


def loaded(queryset):
    return list(ProductSerializer.load(queryset.order_by("pk")))


def test_every_kind_of_entry_of_the_test_register(register, maker_a, settings):
    template = ParameterTemplate.objects.get(category=register.ics, key="vcc")
    make_full_entries(3, maker_a, register.logic, template)
    products = loaded(Product.objects.all())
    assert {p.status for p in products} == {"registered", "suspended", "excluded"}
    assert any(p.loaded_documents and p.loaded_parameters and p.loaded_production
               and p.loaded_aliases and p.loaded_analogs for p in products)
    assert any(p.decision_number and p.origin_document_kind for p in products)
    assert assert_same_everywhere(products, settings) == len(products) * 6


def test_every_entry_of_the_demo_register(monkeypatch, settings):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-Password-1")
    loader.load()
    products = loaded(Product.objects.all())
    assert len(products) >= 40
    assert assert_same_everywhere(products, settings) == len(products) * 6


def test_narrowed_forms_are_built_from_the_declared_fields(register, client):
    entry = register.mcu_entry
    response = client.get(f"/api/v1/products/{entry.registry_number}/",
                          {"fields": "part_number,manufacturer"})
    assert set(response.json()) == {"registry_number", "part_number", "manufacturer"}


def test_feed_events_are_written_out_as_drf_would(fed, rf):
    from registry.api import feed, splicing
    from registry.api.serializers.changes import ChangeEventSerializer

    page = feed.read_page(0, 500, request=rf.get("/api/v1/changes/"))
    kinds = {item.event.kind for item in page.events}
    assert {"entry.suspended", "manufacturer.changed", "category.changed"} <= kinds
    assert any(item.refetch for item in page.events)
    serializer = ChangeEventSerializer(context={"request": rf.get("/api/v1/changes/")})
    for item in page.events:  # as the answer writes them, stored documents spliced in
        assert splicing.spliced(serializer.to_representation(item)) == \
            splicing.spliced(serializer.field_by_field(item))


def test_stored_texts_are_spliced_into_the_answer_as_they_are():
    from registry.api import splicing

    stored = '{"part_number":"К1986ВЕ92QI"}'
    data = {"results": [{"id": 1, "entry": splicing.Written(stored.encode()),
                         "comment": "Проверка\u2028"}, {"id": 2, "entry": splicing.Written(stored)},
                        {"id": 3, "entry": None}]}
    assert splicing.spliced(data).decode() == (
        '{"results":[{"id":1,"entry":{"part_number":"К1986ВЕ92QI"},"comment":"Проверка\\u2028"},'
        '{"id":2,"entry":{"part_number":"К1986ВЕ92QI"}},{"id":3,"entry":null}]}')


def test_spliced_answers_are_the_text_drfs_renderer_writes():
    import datetime
    from decimal import Decimal

    from django.utils.translation import gettext_lazy
    from rest_framework.renderers import JSONRenderer

    from registry.api import splicing

    data = {"changes": {"status": {"before": "registered", "after": "suspended"}},
            "occurred_at": datetime.datetime(2026, 12, 7, 2, 30, tzinfo=datetime.UTC),
            "day": datetime.date(2026, 12, 7), "value": Decimal("1.50"), "share": 0.1,
            "label": gettext_lazy("amended"), "list": [None, True, 3],
            "comment": 'Проверка "кавычек" \\ </script>\u2028\u2029\x07'}
    assert splicing.spliced(data) == JSONRenderer().render(data)
