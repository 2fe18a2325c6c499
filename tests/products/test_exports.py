"""Exports of a search: the page's result and order, streamed, safe to open."""

import csv
import io

import openpyxl
import pytest

from products import exports
from tests.factories import make_manufacturer, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries():
    maker = make_manufacturer(slug="integral", country="BY", short_name_en="INTEGRAL")
    return [make_product(f"IN74HC{n:03d}", manufacturer=maker, name_en=f"Logic {n}")
            for n in range(5)] + [make_product("=HYPERLINK(\"http://x\")", manufacturer=maker,
                                               name_en="+cmd|' /C calc'!A0")]


def body(response):
    assert response.streaming
    return b"".join(response.streaming_content)


def test_csv_export_has_the_filtered_entries_in_order(client, entries):
    response = client.get("/search/export.csv?q=IN74HC&sort=part_number",
                          headers={"accept-language": "en"})
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="register-')
    rows = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))
    assert rows[0][:3] == ["Registry number", "Part number", "Name (Russian)"]
    assert [r[1] for r in rows[1:]] == [f"IN74HC{n:03d}" for n in range(5)]
    assert rows[1][13].endswith(f"/products/{entries[0].registry_number}/")


def test_xlsx_export_is_a_real_workbook(client, entries):
    response = client.get("/search/export.xlsx?country=BY&sort=part_number")
    workbook = openpyxl.load_workbook(io.BytesIO(body(response)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "Реестровый номер"
    assert len(rows) == 7


def test_cells_that_look_like_formulas_stay_text(client, entries):
    csv_rows = list(csv.reader(io.StringIO(
        body(client.get("/search/export.csv?q=HYPERLINK")).decode("utf-8-sig"))))
    assert csv_rows[1][1].startswith("'=")
    assert csv_rows[1][3].startswith("'+")
    sheet = openpyxl.load_workbook(io.BytesIO(body(
        client.get("/search/export.xlsx?country=BY&sort=part_number")))).active
    formula_cells = [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formula_cells == []
    assert exports.csv_value("-40") == "-40"


def test_export_reads_in_chunks_without_loading_the_result(client, entries, monkeypatch):
    calls = []
    real = type(entries[0].__class__.objects.all()).iterator

    def spy(self, chunk_size=None):
        calls.append(chunk_size)
        return real(self, chunk_size=chunk_size)

    monkeypatch.setattr(type(entries[0].__class__.objects.all()), "iterator", spy)
    response = client.get("/search/export.csv")
    assert calls == []  # nothing is read before the response is consumed
    body(response)
    assert calls == [exports.CHUNK_SIZE]


def test_bad_export_queries_are_400_and_unknown_formats_404(client, entries):
    assert client.get("/search/export.csv?country=XX").status_code == 400
    assert client.get("/search/export.pdf").status_code == 404


def test_export_query_count_is_fixed(client, entries, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        body(client.get("/search/export.csv"))
