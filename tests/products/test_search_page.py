"""The search page: results, facets and their counts, filters, order, pages, bad input."""

import datetime
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from products import facets
from products.models import ParameterTemplate, ProductParameter
from tests.factories import make_category, make_manufacturer, make_product

pytestmark = pytest.mark.django_db


def get(client, params=None, lang="en", **kwargs):
    query = urlencode(params or {}, doseq=True)
    return client.get(f"/search/?{query}", headers={"accept-language": lang}, **kwargs)


def parts(response):
    return [p.part_number for p in response.context["page"].object_list]


@pytest.fixture
def register():
    milandr = make_manufacturer(slug="milandr", short_name_en="Milandr")
    integral = make_manufacturer(slug="integral", country="BY", short_name_en="INTEGRAL")
    ics = make_category(slug="ics", name_en="Integrated circuits")
    mcu = make_category(slug="mcu", parent=ics, name_en="Microcontrollers", parameters=[
        ("core", ParameterTemplate.Kind.CHOICE, ""),
        ("clock_mhz", ParameterTemplate.Kind.NUMBER, "MHz"),
    ])
    logic = make_category(slug="logic", parent=ics, name_en="Logic")
    entries = {
        "m3": make_product("К1986ВЕ92QI", manufacturer=milandr, category=mcu,
                           aliases=["MDR32F9Q2I"], registered_at=datetime.date(2025, 2, 3)),
        "m0": make_product("К1986ВЕ1QI", manufacturer=milandr, category=mcu,
                           registered_at=datetime.date(2025, 6, 1)),
        "risc": make_product("К1948ВК018", manufacturer=milandr, category=mcu,
                             registered_at=datetime.date(2026, 1, 5)),
        "logic": make_product("IN74HC164AN", manufacturer=integral, category=logic,
                              aliases=["КР1564ИР8"], registered_at=datetime.date(2025, 3, 3)),
        "old": make_product("IN74HC174AN", manufacturer=integral, category=logic,
                            status="suspended", suspended_at=datetime.date(2026, 3, 1),
                            registered_at=datetime.date(2025, 4, 4)),
    }
    templates = {t.key: t for t in mcu.parameters.all()}
    for key, core, clock in (("m3", "Cortex-M3", "80"), ("m0", "Cortex-M0", "36"),
                             ("risc", "RISC-V", "144")):
        ProductParameter.objects.create(product=entries[key], template=templates["core"],
                                        value=core)
        ProductParameter.objects.create(product=entries[key], template=templates["clock_mhz"],
                                        value=clock)
    return entries


def test_a_cyrillic_part_number_typed_in_latin_letters(client, register):
    response = get(client, {"q": "k1986ve92qi"})
    assert response.status_code == 200
    assert parts(response)[0] == "К1986ВЕ92QI"
    assert "К1986ВЕ92QI" in response.content.decode()


def test_the_page_is_russian_by_default(client, register):
    html = get(client, {"q": "1986"}, lang="ru").content.decode()
    assert '<html lang="ru">' in html and "Найдено" in html


def test_facet_counts_are_disjunctive_and_sum_to_the_total(client, register):
    response = get(client, {"country": "BY"})
    panel = response.context["panel"]
    assert panel.total == 2 and panel.total_exact
    countries = {o.value: (o.count, o.selected) for o in panel.countries}
    # A facet ignores its own selection: Russia still shows what choosing it would add.
    assert countries == {"BY": (2, True), "RU": (3, False)}
    statuses = {o.value: o.count for o in panel.statuses}
    assert statuses == {"registered": 1, "suspended": 1, "expired": 0, "excluded": 0}
    makers = {o.value: o.count for o in panel.manufacturers}
    assert makers == {"integral": 2}


def test_category_tree_counts_roll_up_and_open_on_the_selected_path(client, register):
    panel = get(client, {"category": "mcu"}).context["panel"]
    [root] = panel.categories
    assert (root.category.slug, root.count, root.expanded) == ("ics", 5, True)
    children = {n.category.slug: (n.count, n.selected) for n in root.children}
    assert children == {"mcu": (3, True), "logic": (2, False)}


def test_every_filter_narrows_the_results(client, register):
    assert sorted(parts(get(client, {"category": "logic"}))) == ["IN74HC164AN", "IN74HC174AN"]
    assert sorted(parts(get(client, {"manufacturer": "integral", "status": "registered"}))) \
        == ["IN74HC164AN"]
    assert len(parts(get(client, {"country": "RU"}))) == 3
    assert parts(get(client, {"status": "suspended"})) == ["IN74HC174AN"]
    assert parts(get(client, {"part_number": "КР1564ИР8"})) == ["IN74HC164AN"]
    assert len(parts(get(client, {"updated_since": "2000-01-01T00:00:00Z"}))) == 5


def test_parameter_facets_of_the_chosen_category(client, register):
    panel = get(client, {"category": "mcu"}).context["panel"]
    by_key = {f.template.key: f for f in panel.parameters}
    clock = by_key["clock_mhz"]
    assert (clock.count, facets.format_number(clock.low), facets.format_number(clock.high)) \
        == (3, "36", "144")
    assert {o.value: o.count for o in by_key["core"].options} == {
        "Cortex-M3": 1, "Cortex-M0": 1, "RISC-V": 1}


def test_parameter_filters_as_ranges_and_choices(client, register):
    base = {"category": "mcu"}
    assert sorted(parts(get(client, {**base, "p.clock_mhz.min": "50"}))) == [
        "К1948ВК018", "К1986ВЕ92QI"]
    assert parts(get(client, {**base, "p.clock_mhz.min": "50", "p.clock_mhz.max": "100"})) \
        == ["К1986ВЕ92QI"]
    assert sorted(parts(get(client, {**base, "p.core": ["Cortex-M0", "RISC-V"]}))) == [
        "К1948ВК018", "К1986ВЕ1QI"]
    response = get(client, {**base, "p.core": "Cortex-M0"})
    chips = [(c.label, c.value) for c in response.context["chips"]]
    assert ("core", "Cortex-M0") in chips


def test_parameter_filters_without_a_category_apply_across_categories(client, register):
    logic = register["logic"].category
    clock = ParameterTemplate.objects.create(category=logic, key="clock_mhz", kind="number",
                                             unit="MHz", name_ru="Частота", name_en="Clock")
    ProductParameter.objects.create(product=register["logic"], template=clock, value="60")
    response = get(client, {"p.clock_mhz.min": "50", "p.clock_mhz.max": "100"})
    assert sorted(parts(response)) == ["IN74HC164AN", "К1986ВЕ92QI"]
    # The reader sees the filter as a facet over both categories, and as a chip.
    clock_facet = next(f for f in response.context["panel"].parameters
                       if f.template.key == "clock_mhz")
    assert (clock_facet.count, facets.format_number(clock_facet.low),
            facets.format_number(clock_facet.high)) == (4, "36", "144")
    assert ("Clock", "≥ 50 MHz") in [(c.label, c.value) for c in response.context["chips"]]
    assert sorted(parts(get(client, {"p.core": "RISC-V"}))) == ["К1948ВК018"]


@pytest.mark.parametrize(("params", "message"), [
    ({"p.speed.min": "5"}, "No category declares a parameter speed."),
    ({"category": "logic", "p.core": "RISC-V"},
     "Neither the category logic nor its subcategories declare a parameter core."),
    ({"p.core.min": "5"}, "core is not a number: choose its values with p.core."),
    ({"p.clock_mhz": "80"}, "clock_mhz is a number: give a range with p.clock_mhz.min"),
    ({"p.clock_mhz.min": "100", "p.clock_mhz.max": "50"},
     "The upper bound 50 is below the lower bound 100."),
    ({"p.core": "Cortex-M33"},
     "No entry has core = Cortex-M33. Values in use: Cortex-M0, Cortex-M3, RISC-V."),
    ({"p.clock_mhz.min": "fast"}, "Enter a number."),
    ({"p.": "1"}, "Name a parameter filter p.&lt;key&gt;, p.&lt;key&gt;.min or p.&lt;key&gt;.max."),
])
def test_parameter_filters_that_filter_nothing_are_refused_with_a_message(
        client, register, params, message):
    response = get(client, params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_parameter_of_a_subcategory_filters_its_parent(client, register):
    assert sorted(parts(get(client, {"category": "ics", "p.clock_mhz.min": "50"}))) == [
        "К1948ВК018", "К1986ВЕ92QI"]


@pytest.mark.parametrize(("sort", "expected"), [
    ("part_number", ["IN74HC164AN", "IN74HC174AN", "К1948ВК018", "К1986ВЕ1QI", "К1986ВЕ92QI"]),
    ("newest", ["К1948ВК018", "К1986ВЕ1QI", "IN74HC174AN", "IN74HC164AN", "К1986ВЕ92QI"]),
    ("oldest", ["К1986ВЕ92QI", "IN74HC164AN", "IN74HC174AN", "К1986ВЕ1QI", "К1948ВК018"]),
    ("relevance", ["К1948ВК018", "К1986ВЕ1QI", "IN74HC174AN", "IN74HC164AN", "К1986ВЕ92QI"]),
    ("nonsense", ["К1948ВК018", "К1986ВЕ1QI", "IN74HC174AN", "IN74HC164AN", "К1986ВЕ92QI"]),
])
def test_orderings(client, register, sort, expected):
    assert parts(get(client, {"sort": sort})) == expected


def test_relevance_puts_the_exact_part_first(client, register):
    assert parts(get(client, {"q": "К1986ВЕ", "sort": "relevance"}))[:2] == [
        "К1986ВЕ1QI", "К1986ВЕ92QI"]
    assert parts(get(client, {"q": "К1986ВЕ1QI"}))[0] == "К1986ВЕ1QI"


def test_relevance_pages_follow_one_order_and_show_each_entrys_maker(client, register):
    maker = make_manufacturer(short_name_en="Angstrem")
    for n in range(25):
        make_product(f"1554ЛА{n:02d}", manufacturer=maker)
    first, second = (get(client, {"q": "1554ЛА", "page": page}) for page in ("1", "2"))
    shown = parts(first) + parts(second)
    assert shown == sorted(shown) and len(shown) == 25  # equal ranks: by part number
    assert shown[:3] == ["1554ЛА00", "1554ЛА01", "1554ЛА02"]
    assert parts(get(client, {"q": "1554ЛА07"}))[0] == "1554ЛА07"
    assert "Angstrem" in second.content.decode()


def test_pages_and_page_sizes(client, register):
    maker = make_manufacturer()
    for n in range(60):
        make_product(f"PN{n:03d}", manufacturer=maker)
    response = get(client, {"manufacturer": maker.slug, "sort": "part_number", "page": "2"})
    assert parts(response)[0] == "PN020" and len(parts(response)) == 20
    response = get(client, {"manufacturer": maker.slug, "per_page": "50", "page": "99999"})
    assert response.status_code == 200 and len(parts(response)) == 10
    assert get(client, {"per_page": "1000000"}).context["per_page"] == 20
    assert get(client, {"page": "abc"}).status_code == 200


def test_the_url_holds_the_whole_query(client, register):
    response = get(client, {"q": "1986", "country": "RU", "sort": "part_number", "page": "1"})
    html = response.content.decode()
    assert 'value="1986"' in html
    assert 'name="country" value="RU" checked' in html
    assert "/search/export.csv?q=1986&amp;country=RU&amp;sort=part_number" in html


def test_no_results_suggest_close_part_numbers(client, register):
    response = get(client, {"q": "K1986BE29QI"})
    assert response.context["panel"].total == 0
    assert "К1986ВЕ92QI" in response.context["suggestions"]
    assert "Did you mean" in response.content.decode()


@pytest.mark.parametrize("params", [
    {"country": "KZ"}, {"status": "deleted"}, {"category": "no-such"},
    {"manufacturer": "nobody"}, {"q": "x" * 10_000}, {"q": "abc\x00def"},
    {"updated_since": "yesterday"},
    {"category": "mcu", "p.clock_mhz.min": "lots"},
    {"category": "mcu", "p.clock_mhz.min": "1e400"},
    {"category": "mcu", "p.core": ["x" * 400]},
])
def test_bad_filters_give_a_400_page_with_a_message(client, register, params):
    response = get(client, params)
    assert response.status_code == 400
    assert "could not be run" in response.content.decode()


@pytest.mark.parametrize("query", [
    "unknown_facet=1", "page=99999", "page=-1", "sort=%00", "q=%F0%9F%99%82%E2%80%AE",
    "q=%ED%A0%80", "q=" + "%D0%96" * 100, "category=", "p.core=", "per_page=-5",
    "q=" + "a%20" * 70, "q=%26%7C%21%28%29%3A%2A", "manufacturer=&country=",
])
def test_odd_query_strings_give_a_normal_page(client, register, query):
    response = client.get(f"/search/?{query}")
    assert response.status_code == 200


def test_query_count_does_not_grow_with_the_page_size(client, register,
                                                       django_assert_max_num_queries):
    maker = make_manufacturer()
    for n in range(120):
        make_product(f"PN{n:03d}", manufacturer=maker)
    params = {"q": "PN", "category": "mcu", "country": "RU"}
    get(client, {**params, "per_page": "20"})  # fills the caches
    with django_assert_max_num_queries(10) as small:
        get(client, {**params, "per_page": "20"})
    with django_assert_max_num_queries(10) as large:
        get(client, {**params, "per_page": "100"})
    assert len(large.captured_queries) == len(small.captured_queries)


def test_counting_is_capped_past_the_threshold(client, register, monkeypatch):
    monkeypatch.setattr(facets, "CAP", 2)
    response = get(client, {"q": "К19"})
    panel = response.context["panel"]
    assert panel.partial and not panel.total_exact
    assert "first 2 matches" in response.content.decode()
    assert len(parts(response)) == 2  # paging stops at the cap
    assert get(client, {"q": "IN74"}).context["panel"].total_exact


def test_a_total_past_the_cap_is_kept_with_the_counts(
        client, register, monkeypatch):
    monkeypatch.setattr(facets, "CAP", 2)
    first = get(client, {"q": "К19", "country": "RU"}).context["panel"]
    with CaptureQueriesContext(connection) as again:
        second = get(client, {"q": "К19", "country": "RU"}).context["panel"]
    assert (second.total, second.total_exact) == (first.total, first.total_exact)
    assert not any("LIMIT 3" in query["sql"] and "ORDER BY" not in query["sql"]
                   for query in again.captured_queries)  # the matches were not read again


def test_unfiltered_browsing_counts_from_the_cached_register_cube(
        client, register, django_assert_max_num_queries):
    get(client, {"country": "RU"})
    with django_assert_max_num_queries(4):  # filter lookup, makers, page, (session-free)
        response = get(client, {"country": "BY", "status": "registered"})
    assert response.context["panel"].total == 1


def test_a_write_makes_cached_counts_stale(client, register):
    assert get(client, {"country": "BY"}).context["panel"].total == 2
    make_product(manufacturer=register["logic"].manufacturer)
    assert get(client, {"country": "BY"}).context["panel"].total == 3


def test_each_facet_keeps_the_rows_that_fail_no_selection_but_its_own():
    from types import SimpleNamespace as Row

    from products.facets import Cube, CubeCounts, Selection

    ics, diodes = Row(pk=1, path="/ics/"), Row(pk=2, path="/diodes/")
    makers = {10: Row(pk=10, country="BY"), 20: Row(pk=20, country="RU")}
    cube = Cube(((1, 10, "registered", 5), (1, 20, "registered", 7), (1, 10, "excluded", 1),
                 (2, 10, "registered", 2), (2, 20, "excluded", 4)), partial=False)
    selection = Selection(category=ics, countries=("BY",), statuses=("registered",))
    counts = CubeCounts(cube, selection, makers, [ics, diodes])
    assert counts.total() == 5
    assert counts.by("country", lambda row: makers[row[1]].country) == {"BY": 5, "RU": 7}
    assert counts.by("status", lambda row: row[2]) == {"registered": 5, "excluded": 1}
    assert counts.by("category", lambda row: row[0]) == {1: 5, 2: 2}
    assert counts.by("manufacturer", lambda row: row[1]) == {10: 5}  # none chosen: no change
