"""Public pages: home, entry, manufacturer, documents."""

import datetime
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from products.models import Document
from tests.factories import make_product

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_home_counts_registered_entries_by_country(client, maker_a, maker_b):
    make_product(manufacturer=maker_a)
    make_product(manufacturer=maker_b)
    make_product(manufacturer=maker_b, status="excluded", excluded_at=datetime.date(2026, 2, 1),
                 exclusion_reason="false_data")
    page = client.get("/")
    assert page.context["registered_total"] == 2
    assert page.context["by_country"] == {"BY": 1, "RU": 1}


def test_entry_page_shows_the_entry_in_russian_by_default(client):
    product = make_product("К1986ВЕ92QI", name_ru="Микроконтроллер", name_en="Microcontroller",
                           analogs=[("STM32F103", "functional")])
    page = client.get(f"/products/{product.registry_number}/")
    html = page.content.decode()
    assert "К1986ВЕ92QI" in html and "Микроконтроллер" in html and "STM32F103" in html
    assert '<html lang="ru">' in html


def test_entry_page_in_english_on_request(client):
    product = make_product(name_ru="Микроконтроллер", name_en="Microcontroller")
    page = client.get(f"/products/{product.registry_number}/", headers={"accept-language": "en"})
    assert "Microcontroller" in page.content.decode()


def test_the_catalogues_own_entry_page_stands_without_the_register(client, settings):
    settings.ENTRY_PAGE_TEMPLATE = "products/product_detail.html"
    product = make_product("К1986ВЕ92QI")
    html = client.get(f"/products/{product.registry_number}/").content.decode()
    assert "К1986ВЕ92QI" in html and product.registry_number in html
    assert "extract.pdf" not in html
    settings.ENTRY_PAGE_TEMPLATE = "registry/entry_detail.html"
    html = client.get(f"/products/{product.registry_number}/").content.decode()
    assert f"/products/{product.registry_number}/extract.pdf" in html


def test_excluded_entry_says_so_with_date_and_reason(client):
    product = make_product(status="excluded", excluded_at=datetime.date(2026, 3, 2),
                           exclusion_reason="production_ended",
                           exclusion_legal_basis="Order No. 12")
    html = client.get(f"/products/{product.registry_number}/",
                      headers={"accept-language": "en"}).content.decode()
    assert "excluded from the register on March 2, 2026" in html
    assert "production ended" in html and "Order No. 12" in html


def test_unknown_entry_is_404(client):
    assert client.get("/products/UR-2026-999999/").status_code == 404


def test_entry_page_query_count_is_fixed(client, django_assert_max_num_queries):
    product = make_product(aliases=["A1", "A2", "A3"],
                           analogs=[(f"X{i}", "functional") for i in range(10)])
    with django_assert_max_num_queries(12):
        client.get(f"/products/{product.registry_number}/")


def test_manufacturer_page_lists_its_entries_with_fixed_queries(
        client, maker_a, django_assert_max_num_queries):
    for _ in range(30):
        make_product(manufacturer=maker_a)
    with django_assert_max_num_queries(8):
        page = client.get(f"/manufacturers/{maker_a.slug}/")
    assert page.context["page"].paginator.count == 30
    assert maker_a.unp in page.content.decode()


@pytest.mark.parametrize("address", ["/manufacturers/{slug}/", "/search/?q=ВЕ9"])
def test_results_table_rows_read_no_missing_names(client, caplog, maker_a, address):
    """A row of a results table reads only names it is given: a missing one costs Django a
    failed lookup on every row (a dir() of the entry and a log call; a quarter of a
    manufacturer's page of 50 before they were given), so the failed lookups of a page must
    not grow with its rows. The status badge shows on each row."""
    def page():
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="django.template"):
            html = client.get(address.format(slug=maker_a.slug)).content.decode()
        return html, len(caplog.records)

    make_product("К1986ВЕ90QI", manufacturer=maker_a)
    _html, misses_of_one = page()
    for number in range(1, 4):
        make_product(f"К1986ВЕ9{number}QI", manufacturer=maker_a)
    html, misses_of_four = page()
    assert misses_of_four == misses_of_one
    assert html.count('<span class="status status-registered">') == 4


def test_pending_manufacturer_is_not_public(client):
    from tests.factories import make_manufacturer

    pending = make_manufacturer(status="pending")
    assert client.get(f"/manufacturers/{pending.slug}/").status_code == 404


def test_documents_download_as_attachments_that_cannot_run(client):
    product = make_product()
    document = Document(product=product, kind="datasheet", title="Datasheet",
                        file=SimpleUploadedFile("evil.html", PDF))
    document.full_clean()
    document.save()
    assert document.file.name.endswith(".pdf") and "evil" not in document.file.name
    assert document.size == len(PDF) and len(document.sha256) == 64
    response = client.get(f"/products/{product.registry_number}/documents/{document.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(("content", "message"), [
    (b"", "The file is empty."),
    (b"<html><script>alert(1)</script></html>", "Only PDF, PNG and JPEG"),
    (b"PK\x03\x04zip-bomb-disguised", "Only PDF, PNG and JPEG"),
])
def test_bad_documents_are_refused(content, message):
    from django.core.exceptions import ValidationError

    document = Document(product=make_product(), kind="datasheet", title="x",
                        file=SimpleUploadedFile("datasheet.pdf", content))
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert message in str(error.value)


def test_too_large_documents_are_refused(settings):
    from django.core.exceptions import ValidationError

    settings.DOCUMENT_MAX_BYTES = 100
    document = Document(product=make_product(), kind="datasheet", title="x",
                        file=SimpleUploadedFile("big.pdf", PDF + b"0" * 200))
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert "the limit is 100" in str(error.value)
