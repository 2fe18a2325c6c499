"""Stored entry documents (registry.api.stored): after every kind of change each entry's
stored document in each language is, byte for byte, what DRF builds from ProductSerializer's
declared fields; the API serves them, and never an outdated one."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.utils import timezone, translation

from manufacturers.models import Manufacturer
from products.models import Product
from registry import term_tasks
from registry.api import stored
from registry.api.serializers.products import ProductSerializer
from registry.models import EntryDocument
from tests.api.registers import Register

pytestmark = pytest.mark.django_db

LANGUAGES = ("ru", "en", "be")
SCRIPT = [
    ("include", 0), ("include", 1), ("register_directly", 0), ("amend", 0), ("suspend", 1),
    ("correct", 1), ("reinstate", 1), ("rename_maker", 0), ("include", 0),
    ("rename_category", 1), ("change_contacts", 1), ("exclude", 2), ("withdraw", 0),
    ("add_maker", 0), ("include", 2), ("rename_category", 0), ("amend", 3),
]


@pytest.fixture
def registrar(registrar_ru):
    """The makers here are Russian (the factories' default): Russia's registrar decides."""
    return registrar_ru


def declared(product, language, request=None):
    """The serializer's representation, field by field, as the API's renderer writes it."""
    with translation.override(language):
        serializer = ProductSerializer(context={"request": request or stored._StoredAddress()})
        return stored.body_of(serializer.field_by_field(product))


def assert_all_stored_equal():
    """Every entry has a document in every language, equal to the serializer's output."""
    products = list(ProductSerializer.load(Product.objects.order_by("pk")))
    documents = {(pk, language): body for pk, language, body in
                 EntryDocument.objects.values_list("product_id", "language", "body")}
    assert len(documents) == len(products) * len(LANGUAGES)
    for product in products:
        for language in LANGUAGES:
            assert documents[product.pk, language] == declared(product, language), \
                (product.registry_number, language)
    return len(products)


def api_detail(client, product, language):
    return client.get(f"/api/v1/products/{product.registry_number}/",
                      headers={"accept-language": language})


def expected_from_api(product, language):
    """What the API answered before stored documents: the serializer, with the request's
    address in the links."""
    request = RequestFactory().get("/")
    loaded = ProductSerializer.load(Product.objects.filter(pk=product.pk)).get()
    return declared(loaded, language, request).encode()


def test_every_kind_of_change_leaves_the_stored_documents_equal_to_the_serializer(
        client, registrar):
    register = Register(registrar)
    for name, index in SCRIPT:
        assert register.step(name, index), name
        assert_all_stored_equal()
    assert Product.objects.count() == 5
    for product in Product.objects.all():
        for language in LANGUAGES:
            response = api_detail(client, product, language)
            assert response.status_code == 200
            assert response.content == expected_from_api(product, language)


def test_the_detail_is_one_query_and_keeps_its_validators(client, registrar,
                                                          django_assert_num_queries):
    register = Register(registrar)
    product = register.include(0)
    with django_assert_num_queries(1):
        response = api_detail(client, product, "en")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response.content == expected_from_api(product, "en")
    again = client.get(f"/api/v1/products/{product.registry_number}/",
                       headers={"accept-language": "en", "if-none-match": response["ETag"]})
    assert again.status_code == 304 and again["ETag"] == response["ETag"]
    assert client.get("/api/v1/products/UR-2026-999999/").status_code == 404


@pytest.mark.parametrize("size", [2, 12])
def test_a_page_of_stored_entries_is_two_queries_whatever_its_size(
        client, registrar, size, django_assert_num_queries):
    """The page's rows, then the stored documents of those rows alone."""
    register = Register(registrar)
    for n in range(size):
        register.include(n)
    with django_assert_num_queries(2):
        response = client.get(f"/api/v1/products/?page_size={size}")
    rows = response.json()["results"]
    assert [row["registry_number"] for row in rows] == sorted(
        Product.objects.values_list("registry_number", flat=True))
    # The same page built by the serializer, field by field (?fields= names them all).
    every = ",".join(ProductSerializer.Meta.fields)
    built = client.get(f"/api/v1/products/?page_size={size}&fields={every}").json()["results"]
    assert rows == built and [list(row) for row in rows] == [list(row) for row in built]


def test_a_page_mixing_stored_and_built_entries_keeps_its_order(client, registrar):
    register = Register(registrar)
    for n in range(4):
        register.include(n)
    EntryDocument.objects.filter(product__in=Product.objects.order_by("pk")[1:3]).delete()
    every = ",".join(ProductSerializer.Meta.fields)
    response = client.get("/api/v1/products/?page_size=3", headers={"accept-language": "en"})
    built = client.get(f"/api/v1/products/?page_size=3&fields={every}",
                       headers={"accept-language": "en"})
    assert response.json()["results"] == built.json()["results"]
    assert len(response.json()["results"]) == 3 and response.json()["next"]


def test_an_entry_past_its_term_is_expired_before_and_after_the_daily_round(client, registrar):
    register = Register(registrar)
    product = register.include(0)
    # Time passes: the term ended yesterday, and the daily round has not run yet.
    today = timezone.localdate()
    Product.objects.filter(pk=product.pk).update(
        registered_at=today - datetime.timedelta(days=400),
        valid_until=today - datetime.timedelta(days=1))
    assert EntryDocument.objects.filter(product=product, status="registered").count() == 3
    for language in LANGUAGES:
        response = api_detail(client, product, language)
        assert response.json()["status"] == "expired"
        assert response.content == expected_from_api(product, language)
    page = client.get("/api/v1/products/").json()["results"]
    assert [row["status"] for row in page] == ["expired"]
    assert term_tasks.run().expired == 1
    assert EntryDocument.objects.filter(product=product, status="expired").count() == 3
    assert_all_stored_equal()
    assert api_detail(client, product, "ru").json()["status"] == "expired"


def test_a_large_catalogue_change_renders_again_after_commit_and_reads_stay_right(
        client, registrar, settings, django_capture_on_commit_callbacks):
    register = Register(registrar)
    for n in range(3):
        register.include(n)
    settings.STORED_DOCUMENTS_SYNC_LIMIT = 2
    with django_capture_on_commit_callbacks() as callbacks:
        register.rename_category(1)
    assert not EntryDocument.objects.exists()  # dropped in the change's transaction
    renamed = Product.objects.select_related("category").first()
    response = client.get(f"/api/v1/products/{renamed.registry_number}/",
                          headers={"accept-language": "en"})
    assert response.json()["category"]["name"] == renamed.category.name_en
    for callback in callbacks:  # the transaction commits: the task renders them again
        callback()
    assert assert_all_stored_equal() == 3


def test_a_manufacturer_saved_outside_the_workflow_is_not_shown_stale(client, registrar):
    register = Register(registrar)
    product = register.include(0)
    maker = Manufacturer.objects.get(pk=product.manufacturer_id)
    maker.short_name_en = "Saved directly"
    maker.save()
    response = api_detail(client, product, "en")
    assert response.json()["manufacturer"]["short_name"] == "Saved directly"
    assert response.content == expected_from_api(product, "en")


def test_links_follow_the_address_the_client_used(client, registrar, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "register.example.org"]
    product = Register(registrar).include(0)
    response = client.get(f"/api/v1/products/{product.registry_number}/",
                          headers={"host": "register.example.org"}, secure=True)
    body = response.json()
    assert body["url"].startswith("https://register.example.org/")
    assert body["manufacturer"]["api_url"].startswith("https://register.example.org/api/")
    assert stored.STORED_BASE not in response.content.decode()


def test_the_command_rebuilds_and_verifies_every_document(registrar, capsys):
    register = Register(registrar)
    for n in range(3):
        register.include(n)
    EntryDocument.objects.all().delete()
    with pytest.raises(CommandError, match="9 stored documents"):
        call_command("rebuild_entry_documents", "--verify")
    call_command("rebuild_entry_documents")
    assert "3 entries rendered in 3 languages" in capsys.readouterr().out
    assert_all_stored_equal()
    call_command("rebuild_entry_documents", "--verify")
    assert "every stored document is current" in capsys.readouterr().out
    EntryDocument.objects.filter(language="be").update(body="{}")
    with pytest.raises(CommandError, match="3 stored documents"):
        call_command("rebuild_entry_documents", "--verify")
    assert "[be]: differs" in capsys.readouterr().out


def test_a_document_rendered_by_other_code_is_not_served(client, registrar,
                                                         django_assert_num_queries):
    product = Register(registrar).include(0)
    EntryDocument.objects.update(representation="older-code", body='{"old": true}')
    response = api_detail(client, product, "ru")
    assert response.content == expected_from_api(product, "ru")
    with pytest.raises(CommandError, match="3 stored documents"):
        call_command("rebuild_entry_documents", "--verify")
    call_command("rebuild_entry_documents")
    with django_assert_num_queries(1):
        response = api_detail(client, product, "ru")
    assert response.content == expected_from_api(product, "ru")


def test_the_command_renders_only_the_outdated_documents(client, registrar, capsys):
    register = Register(registrar)
    for n in range(4):
        register.include(n)
    maker = register.maker(0)
    Manufacturer.objects.filter(pk=maker.pk).update(short_name_en="Saved directly",
                                                    updated_at=timezone.now())
    EntryDocument.objects.filter(product=Product.objects.exclude(
        manufacturer=maker).first(), language="en").delete()
    with pytest.raises(CommandError, match="stored documents are missing or outdated"):
        call_command("rebuild_entry_documents", "--verify")
    capsys.readouterr()
    call_command("rebuild_entry_documents", "--outdated")
    assert "3 entries rendered" in capsys.readouterr().out  # two of the maker, one other
    call_command("rebuild_entry_documents", "--verify")
    assert_all_stored_equal()


@pytest.mark.parametrize("copy_from", [1, 10_000])
def test_a_rebuild_writes_over_wrong_and_missing_documents_in_either_way(
        registrar, monkeypatch, copy_from):
    """Many documents are written by COPY and an upsert from it, a few by a plain upsert
    (PostgreSQL): either way the old bodies are replaced and the missing ones added."""
    monkeypatch.setattr(stored, "COPY_FROM", copy_from)
    register = Register(registrar)
    for n in range(3):
        register.include(n)
    EntryDocument.objects.filter(language="be").update(body="{}")
    EntryDocument.objects.filter(language="en").first().delete()
    # Batches of one entry in one transaction, as a catalogue change renders them.
    assert stored.render_queryset(Product.objects.all(), batch=1) == 3
    assert assert_all_stored_equal() == 3
    call_command("rebuild_entry_documents", "--verify")


def test_bodies_are_compressed_with_lz4_where_postgresql_offers_it(registrar, monkeypatch):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL column setting")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
                       "WHERE name = 'default_toast_compression'")
        if not cursor.fetchone()[0]:
            pytest.skip("this server is built without lz4")
    product = Register(registrar).include(0)
    # A long body written as a rebuild writes many: through the scratch table.
    monkeypatch.setattr(stored, "COPY_FROM", 1)
    document = EntryDocument.objects.get(product=product, language="ru")
    long_body = '{"description":"' + "Микросхема " * 2000 + '"}'
    stored._store([(product.pk, "ru", long_body, document.etag, document.status,
                    document.rendered_at, document.representation,
                    document.entry_updated_at, document.manufacturer_updated_at)])
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_column_compression(body), body FROM registry_entrydocument "
                       "WHERE product_id = %s AND language = 'ru'", [product.pk])
        assert cursor.fetchone() == ("lz4", long_body)
