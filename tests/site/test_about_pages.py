"""The footer on every public page leads to the register's own pages, in every language."""

import re

import pytest

pytestmark = pytest.mark.django_db

LANGUAGES = ("ru", "be", "en")
FOOTER = re.compile(r'<footer class="site-footer">(.*?)</footer>', re.S)


def footer_links(page):
    return re.findall(r'href="([^"]+)"', FOOTER.search(page).group(1))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_footer_link_opens(client, lang):
    links = footer_links(client.get(f"/?lang={lang}").content.decode())
    assert links == ["/about/", "/about/legal/", "/about/apply/", "/api/docs/",
                     "/about/open-data/", "/about/contacts/"]
    for link in links:
        response = client.get(f"{link}?lang={lang}")
        assert response.status_code == 200, link


@pytest.mark.parametrize("lang, heading", [
    ("ru", "Правовая основа реестра"), ("be", "Прававая аснова рэестра"),
    ("en", "Legal basis of the register")])
def test_the_legal_basis_page_reads_in_the_chosen_language(client, lang, heading):
    page = client.get(f"/about/legal/?lang={lang}").content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert f'<html lang="{lang}">' in page


def test_the_contacts_page_names_both_ministries(client):
    page = client.get("/about/contacts/?lang=en").content.decode()
    assert "Ministry of Industry of the Republic of Belarus" in page
    assert "Ministry of Industry and Trade of the Russian Federation" in page


def test_the_open_data_page_links_the_exports_that_open(client):
    page = client.get("/about/open-data/?lang=en").content.decode()
    for link in ("/api/v1/export.jsonl", "/api/v1/export.csv", "/api/v1/changes/", "/api/schema/"):
        assert f'href="{link}"' in page
    assert client.get("/api/v1/export.csv").status_code == 200
