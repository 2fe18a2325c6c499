"""The snippet the entry page includes to offer an extract."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

pytestmark = pytest.mark.django_db


def render_link(product, language):
    with translation.override(language):
        return render_to_string("extracts/_download_link.html", {"product": product},
                                request=RequestFactory().get("/"))


def test_the_link_offers_a_russian_extract_on_a_russian_page(entry):
    html = render_link(entry, "ru")
    assert 'href="/products/UR-2025-000001/extract.pdf"' in html
    assert "Скачать выписку (PDF)" in html
    assert 'rel="nofollow"' in html


def test_the_link_offers_an_english_extract_on_an_english_page(entry):
    html = render_link(entry, "en")
    assert 'href="/products/UR-2025-000001/extract.pdf?lang=en"' in html
    assert "Download an extract (PDF)" in html


def test_the_link_leads_to_an_extract(client, entry):
    html = render_link(entry, "en")
    href = html.split('href="', 1)[1].split('"', 1)[0]
    response = client.get(href)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_the_entry_page_offers_an_extract_in_the_page_language(client):
    from tests.factories import make_product

    product = make_product()
    russian = client.get(f"/products/{product.registry_number}/").content.decode()
    assert f"/products/{product.registry_number}/extract.pdf\"" in russian
    english = client.get(f"/products/{product.registry_number}/",
                         headers={"accept-language": "en"}).content.decode()
    assert f"/products/{product.registry_number}/extract.pdf?lang=en" in english
