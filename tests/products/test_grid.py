"""The results grid: the chosen category's parameters as columns (its own first), sorted by
any of them, chosen by the reader, carried into the exports; one query for a page's values."""

import csv
import io

import pytest

from products.models import ParameterTemplate, ProductParameter
from tests.factories import make_category, make_product

pytestmark = pytest.mark.django_db

EN = {"accept-language": "en"}


@pytest.fixture
def mcus():
    chips = make_category(slug="ics", name_en="Integrated circuits",
                          parameters=[("vcc", "number", "V"), ("tmax", "number", "°C")])
    mcu = make_category(slug="mcu", parent=chips, name_en="Microcontrollers",
                        parameters=[("core", "text", ""), ("clock", "number", "MHz"),
                                    ("flash", "number", "KB")])
    templates = {t.key: t for t in ParameterTemplate.objects.all()}
    entries = {}
    for part, clock, flash in (("K1986BE92QI", "80", "128"), ("K1986BE1QI", "144", "128"),
                               ("K1986BE4U", "36", None)):
        entry = make_product(part, category=mcu)
        values = {"clock": clock, "flash": flash, "core": "Cortex-M", "vcc": "3.3"}
        for key, value in values.items():
            if value is not None:
                ProductParameter.objects.create(product=entry, template=templates[key],
                                                value=value)
        entries[part] = entry
    return entries


def grid(client, **query):
    response = client.get("/search/", {"category": "mcu", **query}, headers=EN)
    assert response.status_code == 200
    return response


def shown(response):
    return [column.key for column in response.context["shown_columns"]]


def parts(response):
    return [entry.part_number for entry in response.context["page"].object_list]


def test_a_category_shows_its_own_parameters_first_with_units(client, mcus):
    response = grid(client)
    # The microcontroller's own three, then the first shared one, in the table's order.
    assert shown(response) == ["vcc", "core", "clock", "flash"]
    page = response.content.decode()
    assert ">80 MHz<" in page and ">128 KB<" in page


def test_the_grid_sorts_by_a_parameter_as_numbers_with_missing_values_last(client, mcus):
    assert parts(grid(client, sort="-p.clock")) == ["K1986BE1QI", "K1986BE92QI", "K1986BE4U"]
    assert parts(grid(client, sort="p.clock")) == ["K1986BE4U", "K1986BE92QI", "K1986BE1QI"]
    # 36 < 80 < 144 as numbers; as text "144" would come first.
    assert parts(grid(client, sort="-p.flash"))[-1] == "K1986BE4U"


def test_the_reader_chooses_the_columns(client, mcus):
    response = grid(client, col=["flash", "tmax"])
    assert shown(response) == ["tmax", "flash"]
    assert '<input type="checkbox" name="col" value="clock">' in response.content.decode()


def test_the_column_header_links_to_its_sort_and_back(client, mcus):
    clock = next(c for c in grid(client).context["shown_columns"] if c.key == "clock")
    assert "sort=p.clock" in clock.sort_url
    clock = next(c for c in grid(client, sort="p.clock").context["shown_columns"]
                 if c.key == "clock")
    assert clock.sorted == "ascending" and "sort=-p.clock" in clock.sort_url


def test_the_export_carries_every_parameter_the_chosen_columns_first(client, mcus):
    response = client.get("/search/export.csv", {"category": "mcu", "col": ["clock"],
                                                  "sort": "-p.clock"}, headers=EN)
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content)
                                       .decode("utf-8-sig"))))
    names = rows[0][14:]  # after the entry's own 14 columns
    assert len(names) == 5
    assert names[0] == f"{ParameterTemplate.objects.get(key='clock').name_en}, MHz"
    assert [row[1] for row in rows[1:]] == ["K1986BE1QI", "K1986BE92QI", "K1986BE4U"]
    assert rows[1][14] == "144 MHz"


def test_another_category_drops_the_columns_and_the_parameter_sort(client, mcus):
    response = grid(client, col=["clock"], sort="p.clock")
    category_links = [node.url for node in response.context["panel"].categories]
    assert all("col=" not in url and "p.clock" not in url for url in category_links)


def test_a_page_of_the_grid_costs_the_same_queries_at_any_size(
        client, mcus, django_assert_max_num_queries):
    grid(client, per_page=20)
    with django_assert_max_num_queries(25) as small:
        grid(client, per_page=20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        grid(client, per_page=100)
