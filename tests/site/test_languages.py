"""`?lang=` chooses the language of any page, and every page names its versions in each language."""

import re

import pytest

pytestmark = pytest.mark.django_db

HREFLANG = re.compile(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">')


def test_lang_in_the_address_gives_a_belarusian_page(client):
    page = client.get("/search/?q=k1986&lang=be").content.decode()
    assert '<html lang="be">' in page
    assert "Пошук" in page  # the navigation, in Belarusian
    assert "Единый реестр" not in page


def test_lang_in_the_address_wins_over_the_cookie_and_the_header(client):
    client.cookies["django_language"] = "ru"
    page = client.get("/?lang=en", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert '<html lang="en">' in page
    assert "Unified Register of Microelectronic Products" in page


def test_the_chosen_language_stays_for_the_next_pages(client):
    client.get("/?lang=be")
    assert '<html lang="be">' in client.get("/search/").content.decode()


def test_an_unknown_language_falls_back_to_russian(client):
    response = client.get("/?lang=xx")
    assert response.status_code == 200
    assert '<html lang="ru">' in response.content.decode()
    assert "django_language" not in response.cookies


def test_the_page_lists_its_address_in_each_language(client):
    page = client.get("/search/?q=k1986&lang=be").content.decode()
    links = dict(HREFLANG.findall(page))
    assert set(links) == {"ru", "be", "en", "x-default"}
    for code in ("ru", "be", "en"):
        assert links[code] == f"http://testserver/search/?q=k1986&amp;lang={code}"
    assert links["x-default"] == links["ru"]


def test_the_language_switch_links_to_the_same_page_in_each_language(client):
    page = client.get("/search/?q=k1986").content.decode()
    switch = page[page.index('class="lang-switch"'):page.index("</nav>")]
    assert re.findall(r'href="([^"]+)"', switch) == [
        "/search/?q=k1986&amp;lang=ru", "/search/?q=k1986&amp;lang=be",
        "/search/?q=k1986&amp;lang=en"]
    assert 'aria-current="page" class="current">RU' in switch


def test_an_address_with_too_many_parameters_is_refused_not_crashed(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    query = "&".join(f"q{n}=x" for n in range(20))
    assert client.get(f"/search/?{query}&lang=be").status_code == 400


def test_a_cyrillic_query_keeps_its_spelling_in_the_language_links(client):
    page = client.get("/search/?q=%D0%9A1986&lang=en").content.decode()
    assert 'href="/search/?q=%D0%9A1986&amp;lang=be"' in page
