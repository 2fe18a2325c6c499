"""Parameter filters of /api/v1/products/: the search page's, with the same answers."""

from urllib.parse import urlencode

import pytest

from products.models import ParameterTemplate, ProductParameter
from tests.api.conftest import results
from tests.factories import make_category, make_product

pytestmark = pytest.mark.django_db

LIST = "/api/v1/products/"


@pytest.fixture
def catalogue(maker_a):
    """clock_mhz is declared by two categories, vcc by their parent, core and radiation_hard
    by one each."""
    ics = make_category(slug="ics", parameters=[("vcc", "number", "V")])
    mcu = make_category(slug="mcu", parent=ics, parameters=[
        ("core", "choice", ""), ("clock_mhz", "number", "MHz")])
    dsp = make_category(slug="dsp", parent=ics, parameters=[
        ("clock_mhz", "number", "MHz"), ("radiation_hard", "boolean", "")])
    logic = make_category(slug="logic", parent=ics)
    templates = {(t.category.slug, t.key): t for t in ParameterTemplate.objects.all()}
    for part, category, values in (
        ("К1986ВЕ92QI", mcu, {"core": "Cortex-M3", "clock_mhz": "80", "vcc": "3.3"}),
        ("К1986ВЕ1QI", mcu, {"core": "Cortex-M0", "clock_mhz": "36", "vcc": "5"}),
        ("1967ВН028", dsp, {"clock_mhz": "100", "radiation_hard": "yes", "vcc": "1.8"}),
        ("IN74HC164AN", logic, {"vcc": "5"}),
    ):
        entry = make_product(part, manufacturer=maker_a, category=category)
        for key, value in values.items():
            template = templates.get((category.slug, key)) or templates[("ics", key)]
            ProductParameter.objects.create(product=entry, template=template, value=value)


def api_parts(client, params):
    return sorted(row["part_number"] for row in results(client.get(f"{LIST}?{params}")))


def page_parts(client, params):
    response = client.get(f"/search/?{params}&per_page=100")
    assert response.status_code == 200, response.content
    return sorted(p.part_number for p in response.context["page"].object_list)


@pytest.mark.parametrize(("params", "expected"), [
    ({"category": "mcu", "p.clock_mhz.min": "50"}, ["К1986ВЕ92QI"]),
    ({"p.clock_mhz.min": "50"}, ["1967ВН028", "К1986ВЕ92QI"]),
    ({"p.clock_mhz.min": "50", "p.clock_mhz.max": "90"}, ["К1986ВЕ92QI"]),
    ({"p.clock_mhz.min": "36", "p.clock_mhz.max": "36"}, ["К1986ВЕ1QI"]),
    ({"p.vcc.max": "3.3"}, ["1967ВН028", "К1986ВЕ92QI"]),
    ({"category": "dsp", "p.vcc.min": "1.8", "p.vcc.max": "1.8"}, ["1967ВН028"]),
    ({"category": "ics", "p.clock_mhz.max": "40"}, ["К1986ВЕ1QI"]),
    ({"p.core": ["Cortex-M0", "Cortex-M3"]}, ["К1986ВЕ1QI", "К1986ВЕ92QI"]),
    ({"category": "mcu", "p.core": "Cortex-M3", "p.clock_mhz.min": "50"}, ["К1986ВЕ92QI"]),
    ({"p.radiation_hard": "yes"}, ["1967ВН028"]),
    ({"p.radiation_hard": "no"}, []),
    ({"p.clock_mhz.min": "50", "q": "1986"}, ["К1986ВЕ92QI"]),
])
def test_the_api_and_the_page_filter_by_parameters_alike(client, catalogue, params, expected):
    query = urlencode(params, doseq=True)
    assert api_parts(client, query) == expected
    assert page_parts(client, query) == expected


@pytest.mark.parametrize(("params", "field", "code", "message"), [
    ({"p.speed.min": "5"}, "p.speed.min", "unknown_parameter",
     "No category declares a parameter speed."),
    ({"category": "logic", "p.core": "Cortex-M3"}, "p.core", "unknown_parameter",
     "Neither the category logic nor its subcategories declare a parameter core."),
    ({"p.core.max": "5"}, "p.core.max", "unknown_parameter",
     "core is not a number: choose its values with p.core."),
    ({"p.clock_mhz": "80"}, "p.clock_mhz", "unknown_parameter",
     "clock_mhz is a number: give a range with p.clock_mhz.min and p.clock_mhz.max."),
    ({"p.clock": "80"}, "p.clock", "unknown_parameter", "No category declares"),
    ({"p.": "1"}, "p.", "unknown_parameter", "Name a parameter filter p.<key>"),
    ({"p.clock_mhz.mid": "1"}, "p.clock_mhz.mid", "unknown_parameter",
     "Name a parameter filter p.<key>"),
    ({"p.clock_mhz.min": "100", "p.clock_mhz.max": "50"}, "p.clock_mhz.max", "empty_range",
     "The upper bound 50 is below the lower bound 100."),
    ({"p.clock_mhz.min": "fast"}, "p.clock_mhz.min", "invalid", "Enter a number."),
    ({"p.clock_mhz.min": "NaN"}, "p.clock_mhz.min", "invalid", "Enter a number."),
    ({"p.clock_mhz.max": "1e400"}, "p.clock_mhz.max", "max_value", ""),
    ({"p.clock_mhz.min": "0.0000001"}, "p.clock_mhz.min", "max_decimal_places", ""),
    ({"p.core": ["Cortex-M3", "Cortex-M33"]}, "p.core", "invalid_choice",
     "No entry has core = Cortex-M33. Values in use: Cortex-M0, Cortex-M3."),
    ({"p.radiation_hard": "maybe"}, "p.radiation_hard", "invalid_choice",
     "No entry has radiation_hard = maybe. Values in use: yes, no."),
    ({"p.core": "50%"}, "p.core", "invalid_choice", "No entry has core = 50%."),
    ({"category": "nowhere", "p.core": "x"}, "category", "invalid_choice", ""),
])
def test_bad_parameter_filters_are_refused_with_a_message(
        client, catalogue, params, field, code, message):
    query = urlencode(params, doseq=True)
    response = client.get(f"{LIST}?{query}", headers={"accept-language": "en"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and set(body["fields"]) == {field}
    problems = body["fields"][field]
    assert any(p["code"] == code and message in p["message"] for p in problems), problems
    page = client.get(f"/search/?{query}", headers={"accept-language": "en"})
    assert page.status_code == 400
    assert page.context["errors"] and any(message in error for error in page.context["errors"])


@pytest.mark.parametrize(("query", "code"), [
    ("p.clock_mhz.min=1&p.clock_mhz.min=2", "repeated"),
    ("p.clock_mhz.min=", "blank"),
    ("p.core=%00", "null_characters"),
])
def test_the_api_checks_parameter_names_like_any_other(client, catalogue, query, code):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 400
    [problem] = next(iter(response.json()["fields"].values()))
    assert problem["code"] == code


def test_a_key_with_a_nul_or_other_odd_characters_is_refused_without_a_lookup(
        client, catalogue, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        response = client.get(f"{LIST}?p.cl%00ock.min=1")
    assert response.status_code == 400
    assert response.json()["fields"]["p.cl\x00ock.min"][0]["code"] == "unknown_parameter"


def test_the_schema_describes_the_parameter_filters(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    [described] = [p for p in schema["paths"]["/api/v1/products/"]["get"]["parameters"]
                   if p["name"] == "parameter_filters"]
    assert (described["in"], described["style"], described["explode"]) == (
        "query", "form", True)
    assert described["schema"]["type"] == "object"
    assert "p.<key>.min" in described["description"]
    assert described["examples"]["AClockRange"]["value"] == {
        "p.clock_mhz.min": "50", "p.clock_mhz.max": "100"}


def test_a_parameter_filter_costs_the_same_whatever_the_page_size(
        client, catalogue, maker_a, django_assert_max_num_queries):
    clock = ParameterTemplate.objects.get(category__slug="mcu", key="clock_mhz")
    for n in range(60):
        entry = make_product(f"PN{n:03d}", manufacturer=maker_a, category=clock.category)
        ProductParameter.objects.create(product=entry, template=clock, value=str(200 + n))
    counts = []
    for size in (5, 50):
        with django_assert_max_num_queries(20) as captured:
            rows = results(client.get(LIST, {"p.clock_mhz.min": "200", "page_size": size}))
        assert len(rows) == size
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_a_category_s_parameters_are_read_again_once_the_catalogue_changes(
        client, catalogue, django_assert_max_num_queries):
    """A category, its subtree and its parameters are kept between requests: a repeated
    query reads nothing of the catalogue again (it read it three times), and a parameter
    added since is filterable."""
    query = f"{LIST}?category=logic&p.pins.min=14"
    assert client.get(query).json()["fields"]["p.pins.min"][0]["code"] == "unknown_parameter"
    with django_assert_max_num_queries(0):  # the same refusal, from the kept scope
        assert client.get(query).status_code == 400
    logic = ParameterTemplate.objects.get(key="vcc").category.children.get(slug="logic")
    pins = ParameterTemplate.objects.create(category=logic, key="pins", kind="number",
                                            unit="", name_ru="Выводы", name_en="Pins")
    ProductParameter.objects.create(product=logic.products.get(), template=pins, value="16")
    assert api_parts(client, "category=logic&p.pins.min=14") == ["IN74HC164AN"]


def test_a_subcategory_added_since_is_listed_under_its_parent(client, catalogue, maker_a):
    """The subtree of a category filter is kept too, until the catalogue changes."""
    assert "КР1554ЛА3" not in api_parts(client, "category=ics")
    gates = make_category(slug="gates", parent=ParameterTemplate.objects.get(key="vcc").category)
    make_product("КР1554ЛА3", manufacturer=maker_a, category=gates)
    assert "КР1554ЛА3" in api_parts(client, "category=ics")
