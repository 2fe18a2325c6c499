"""An entry's name in Belarusian, where the manufacturer gives one; Russian where it does not."""

import pytest

from tests.factories import make_product

pytestmark = pytest.mark.django_db


def test_a_belarusian_page_shows_the_belarusian_name(client):
    product = make_product("IN74HC164AN", name_ru="Регистр сдвига", name_en="Shift register",
                           name_be="Рэгістр зруху")
    page = client.get(f"/products/{product.registry_number}/?lang=be").content.decode()
    assert "Рэгістр зруху" in page
    assert "Регистр сдвига" not in page
    assert "Регистр сдвига" in client.get(
        f"/products/{product.registry_number}/?lang=ru").content.decode()


def test_without_a_belarusian_name_the_belarusian_page_shows_the_russian_one(client):
    product = make_product("IN74HC174AN", name_ru="Шесть D-триггеров", name_en="Hex flip-flop")
    page = client.get(f"/products/{product.registry_number}/?lang=be").content.decode()
    assert "Шесть D-триггеров" in page
    assert '<html lang="be">' in page


def test_the_api_gives_the_belarusian_name(client):
    product = make_product("IL34119N", name_ru="Усилитель", name_be="Узмацняльнік")
    data = client.get(f"/api/v1/products/{product.registry_number}/").json()
    assert (data["name_ru"], data["name_be"]) == ("Усилитель", "Узмацняльнік")
