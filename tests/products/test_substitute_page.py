"""The substitute finder page and the public pages around it."""

import datetime

import pytest

from products.models import ForeignPart, ProductParameter
from tests.factories import make_category, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    return {
        "logic": make_product("IN74HC164AN", analogs=[("74HC164", "pin_to_pin")]),
        "other": make_product("КР1564ИР8", analogs=[("SN74HC164N", "functional"),
                                                    ("74HC164", "parametric")]),
    }


def test_ordering_codes_find_substitutes_best_first_each_product_once(client, register):
    for code in ("74HC164", "SN74HC164N", "74HC164D"):
        page = client.get(f"/substitutes/?part={code}")
        assert [s.product.part_number for s in page.context["substitutes"]] == [
            "IN74HC164AN", "КР1564ИР8"]


def test_a_clear_answer_when_there_is_none(client, register):
    page = client.get("/substitutes/?part=LM317T", headers={"accept-language": "en"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "No registered substitute for LM317T" in html
    assert "Search the register for similar" not in html  # that search finds nothing either


def test_search_similar_is_offered_when_it_finds_something(client, register):
    make_product("LM317T-EXCLUDED", status="excluded", excluded_at=datetime.date(2026, 2, 1),
                 exclusion_reason="production_ended", analogs=[("LM317T", "functional")])
    html = client.get("/substitutes/?part=LM317T", headers={"accept-language": "en"}
                      ).content.decode()
    assert "No registered substitute for LM317T" in html
    assert "/search/?q=LM317T" in html


def test_each_candidate_shows_level_score_and_comparison(client):
    ics = make_category("ics", parameters=[("supply_voltage_max", "number", "V")])
    entry = make_product("IN74HC164AN", category=ics, package="DIP14",
                         analogs=[("74HC164", "pin_to_pin")])
    ProductParameter.objects.create(product=entry, value="6",
                                    template=ics.parameters.get(key="supply_voltage_max"))
    ForeignPart.objects.create(part_number="74HC164D", category=ics, package="SOIC-14",
                               parameters={"supply_voltage_max": 5.5}, source="csv:test")
    page = client.get("/substitutes/?part=74HC164D", headers={"accept-language": "en"})
    html = page.content.decode()
    [candidate] = page.context["substitutes"]
    assert "functional, other package" in html
    assert f"score {candidate.score} of 100" in html
    assert "Compared with 74HC164D in the reference catalogue" in html
    assert '<tr class="cmp-better"><th scope="row">supply_voltage_max, V</th><td>5.5</td>' \
           "<td>6</td><td>better</td></tr>" in html
    assert "DIP-14 instead of SOIC-14" in html
    entry_page = client.get(entry.get_absolute_url(), headers={"accept-language": "en"}
                            ).content.decode()
    assert "IN74HC164AN compared with 74HC164" not in entry_page  # the catalogue lacks 74HC164
    ForeignPart.objects.create(part_number="74HC164", category=ics, package="DIP-14",
                               parameters={"supply_voltage_max": 6}, source="csv:test")
    entry_page = client.get(entry.get_absolute_url(), headers={"accept-language": "en"}
                            ).content.decode()
    assert "IN74HC164AN compared with 74HC164" in entry_page
    assert "<td>6</td><td>6</td><td>equal</td>" in entry_page


def test_a_domestic_part_number_is_pointed_to_its_entry(client, register):
    page = client.get("/substitutes/?part=KP1564IP8", headers={"accept-language": "en"})
    assert [p.part_number for p in page.context["registered"]] == ["КР1564ИР8"]


@pytest.mark.parametrize("query", ["part=", "part=" + "x" * 500, "part=a%00b"])
def test_bad_input_is_a_400_with_the_form(client, register, query):
    page = client.get(f"/substitutes/?{query}")
    assert page.status_code == 400
    assert "errorlist" in page.content.decode()


def test_the_empty_form(client):
    assert client.get("/substitutes/").status_code == 200


def test_query_count_is_fixed(client, register, django_assert_max_num_queries):
    for n in range(20):
        make_product(f"X{n}", analogs=[(f"74HC164{chr(65 + n)}", "functional")])
    with django_assert_max_num_queries(7):
        page = client.get("/substitutes/?part=74HC164")
    assert len(page.context["substitutes"]) == 20  # capped


def test_entry_page_says_where_the_product_is_made(client):
    from products.models import ProductionStage

    product = make_product("1986ВЕ1Т")
    for stage, country in (("design", "RU"), ("wafer_fab", "TW"), ("assembly", "RU")):
        ProductionStage.objects.create(product=product, stage=stage, country=country)
    html = client.get(product.get_absolute_url(),
                      headers={"accept-language": "en"}).content.decode()
    assert "Not entirely inside the Union State: wafer fabrication — TW." in html
    ProductionStage.objects.filter(product=product, stage="wafer_fab").update(country="BY")
    html = client.get(product.get_absolute_url(),
                      headers={"accept-language": "en"}).content.decode()
    assert "Designed, fabricated and packaged inside the Union State." in html


def test_suspended_entry_says_so_in_plain_words(client):
    product = make_product(status="suspended", suspended_at=datetime.date(2026, 3, 2),
                           suspension_reason="Origin certificate under review")
    html = client.get(product.get_absolute_url(),
                      headers={"accept-language": "en"}).content.decode()
    assert "suspended on March 2, 2026" in html and "Origin certificate under review" in html


def test_manufacturer_page_searches_its_own_entries(client, maker_a, maker_b):
    make_product("IN74HC164AN", manufacturer=maker_a, name_en="Shift register")
    make_product("IL34119N", manufacturer=maker_a)
    make_product("IN74HC999", manufacturer=maker_b)
    page = client.get(f"/manufacturers/{maker_a.slug}/?q=74HC")
    assert [p.part_number for p in page.context["page"].object_list] == ["IN74HC164AN"]
    assert client.get(f"/manufacturers/{maker_a.slug}/?q=" + "x" * 300).status_code == 400


def test_home_counts_from_the_cube(client, maker_a, maker_b, django_assert_max_num_queries):
    make_product(manufacturer=maker_a)
    make_product(manufacturer=maker_b)
    client.get("/")
    with django_assert_max_num_queries(3):
        page = client.get("/")
    assert page.context["registered_total"] == 2
    assert [count for _c, _l, count in page.context["countries"]] == [1, 1]
