"""The manufacturers directory: every admitted maker with its identifiers and entries in force,
found by name or identifier, narrowed by country and category; the same filters in the API;
a maker's page lists its production sites."""

import datetime

import pytest
from django.utils import timezone

from products.models import ProductionStage
from tests.factories import VALID_INN, VALID_UNP, make_category, make_manufacturer, make_product

pytestmark = pytest.mark.django_db

DIRECTORY = "/manufacturers/"
EN = {"accept-language": "en"}


@pytest.fixture
def makers(maker_a, maker_b):
    """maker_a (BY) makes logic chips, maker_b (RU) a microcontroller and a lapsed diode;
    a pending maker is not public."""
    ics = make_category(slug="ics", name_en="Integrated circuits")
    logic = make_category(slug="logic", parent=ics, name_en="Logic")
    mcu = make_category(slug="mcu", parent=ics, name_en="Microcontrollers")
    diodes = make_category(slug="diodes", name_en="Diodes")
    for part in ("IN74HC00AN", "IN74HC04AN"):
        make_product(part, manufacturer=maker_a, category=logic)
    make_product("K1986BE92QI", manufacturer=maker_b, category=mcu)
    make_product("2D522B", manufacturer=maker_b, category=diodes,
                 valid_until=timezone.localdate() - datetime.timedelta(days=1))
    make_manufacturer(slug="pending-maker", status="pending", short_name_en="Pending Ltd")
    return {"ics": ics, "mcu": mcu, "diodes": diodes}


def listed(response):
    return [maker.slug for maker in response.context["page"].object_list]


def test_the_directory_lists_admitted_makers_with_identifiers_and_entries_in_force(
        client, makers, maker_a, maker_b):
    response = client.get(DIRECTORY, headers=EN)
    assert sorted(listed(response)) == ["maker-a", "maker-b"]
    page = response.content.decode()
    assert f"UNP {VALID_UNP}" in page and f"INN {VALID_INN}" in page
    counts = {maker.slug: maker.entries_in_force for maker in response.context["page"]}
    assert counts == {"maker-a": 2, "maker-b": 1}  # the lapsed diode is not in force
    assert "Pending Ltd" not in page


def test_the_directory_finds_a_maker_by_name_or_by_the_first_digits_of_an_identifier(
        client, makers):
    assert listed(client.get(DIRECTORY, {"q": VALID_INN[:6]})) == ["maker-b"]
    assert listed(client.get(DIRECTORY, {"q": VALID_UNP})) == ["maker-a"]
    assert listed(client.get(DIRECTORY, {"q": "maker-a"})) == ["maker-a"]


def test_the_directory_narrows_by_country_and_by_category_with_its_subcategories(
        client, makers):
    assert listed(client.get(DIRECTORY, {"country": "RU"})) == ["maker-b"]
    assert sorted(listed(client.get(DIRECTORY, {"category": "ics"}))) == ["maker-a", "maker-b"]
    assert listed(client.get(DIRECTORY, {"category": "mcu"})) == ["maker-b"]
    # Only an entry in force makes a maker one of a category's.
    assert listed(client.get(DIRECTORY, {"category": "diodes"})) == []


def test_the_facets_count_makers_under_the_other_filters(client, makers):
    response = client.get(DIRECTORY, {"category": "ics", "country": "BY"}, headers=EN)
    countries = {option.value: option.count for option in response.context["countries"]}
    assert countries == {"BY": 1, "RU": 1}
    children = {option.category.slug: option.makers
                for option in response.context["category_options"]}
    assert children == {"logic": 1, "mcu": 1}


def test_bad_filters_get_a_message_and_no_list(client, makers):
    for query in ({"country": "XX"}, {"category": "no-such"}, {"q": "a\x00b"}):
        response = client.get(DIRECTORY, query, headers=EN)
        assert response.status_code == 400
        assert "could not be run" in response.content.decode()


def test_the_directory_costs_the_same_queries_for_more_makers(
        client, makers, django_assert_max_num_queries):
    client.get(DIRECTORY)  # the register's cube, cached
    with django_assert_max_num_queries(6):
        client.get(DIRECTORY)
    for n in range(20):
        make_product(f"PART{n}", manufacturer=make_manufacturer(), category=makers["mcu"])
    client.get(DIRECTORY)
    with django_assert_max_num_queries(6):
        assert len(listed(client.get(DIRECTORY))) == 22


def test_the_api_filters_manufacturers_by_category_as_the_directory_does(client, makers):
    response = client.get("/api/v1/manufacturers/", {"category": "mcu"})
    assert [row["slug"] for row in response.json()["results"]] == ["maker-b"]
    assert client.get("/api/v1/manufacturers/", {"category": "no-such"}).status_code == 400


def test_the_home_page_count_links_to_the_directory(client, makers):
    assert f'href="{DIRECTORY}"' in client.get("/").content.decode()


def test_a_makers_page_lists_its_production_sites(client, makers, maker_b):
    chip = maker_b.products.get(part_number="K1986BE92QI")
    ProductionStage.objects.create(product=chip, stage="wafer_fab", site="Fab 2, Zelenograd",
                                   operator="Mikron JSC", country="RU")
    ProductionStage.objects.create(product=chip, stage="assembly", site="Fab 2, Zelenograd",
                                   operator="Mikron JSC", country="RU")
    page = client.get(maker_b.get_absolute_url(), headers=EN).content.decode()
    assert "Production sites" in page
    assert "Fab 2, Zelenograd" in page and "Mikron JSC" in page
