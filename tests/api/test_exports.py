"""GET /api/v1/export.jsonl and /api/v1/export.csv: the whole public register, streamed."""

import csv
import io
import json

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.utils import timezone

from products.models import Product
from registry.api import exports, stored
from registry.models import EntryDocument
from tests.api.conftest import make_full_entries
from tests.factories import make_product

pytestmark = pytest.mark.django_db

JSONL, CSV = "/api/v1/export.jsonl", "/api/v1/export.csv"


def body(response):
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode()


def assert_each_is_the_detail(client, lines):
    """Each exported line is, byte for byte, what the detail endpoint answers."""
    for line in lines:
        detail = client.get(f"/api/v1/products/{json.loads(line)['registry_number']}/")
        assert line == detail.content.decode()


def exported_in_order(client, in_order):
    """The JSON Lines export, checked to hold the entries `in_order`, each as its detail."""
    lines = body(client.get(JSONL)).splitlines()
    assert [json.loads(line)["registry_number"] for line in lines] == [
        entry.registry_number for entry in in_order]
    assert_each_is_the_detail(client, lines)
    return lines


def test_json_lines_are_the_detail_representation(client, register, maker_a):
    template = register.ics.parameters.get()
    register.public += make_full_entries(3, maker_a, register.logic, template)
    response = client.get(JSONL)
    assert response["Content-Type"] == "application/jsonl; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="register-')
    lines = [json.loads(line) for line in body(response).splitlines()]
    assert [line["registry_number"] for line in lines] == sorted(
        e.registry_number for e in register.public)
    for line in lines:
        detail = client.get(f"/api/v1/products/{line['registry_number']}/").json()
        assert line == detail


def test_csv_has_a_header_and_a_row_per_entry(client, register):
    response = client.get(CSV)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(body(response))))
    assert rows[0] == exports.CSV_COLUMNS
    assert len(rows) == 1 + len(register.public)
    mcu = dict(zip(rows[0], next(r for r in rows if r[1] == "К1986ВЕ92QI"), strict=True))
    assert mcu["registry_number"] == register.mcu_entry.registry_number
    assert (mcu["manufacturer"], mcu["country"], mcu["category"]) == ("maker-b", "RU", "mcu")
    assert (mcu["aliases"], mcu["parameters"]) == ("MDR32F9Q2I", "vcc=3.3 V")
    assert mcu["analogs"] == "STM32F103C8T6 (functional)"
    assert (mcu["decision_number"], mcu["origin_document_kind"]) == ("17-р", "certificate")
    assert mcu["documents"].startswith("http://testserver/products/")
    assert mcu["exclusion_reason"] == "" and mcu["valid_until"] == ""


def test_pending_manufacturers_are_not_exported(client, register):
    assert "HIDDEN164" not in body(client.get(JSONL))
    assert "HIDDEN164" not in body(client.get(CSV))


def test_exports_take_the_entries_filters(client, register):
    lines = body(client.get(JSONL, {"country": "BY", "status": "registered"})).splitlines()
    assert [json.loads(line)["part_number"] for line in lines] == ["IN74HC164AN"]
    assert client.get(CSV, {"bogus": "1"}).status_code == 400


@pytest.mark.parametrize("url", [JSONL, CSV])
def test_filters_no_entry_can_match_export_nothing(client, register, url):
    """A search text with no word to search for selects nothing before the database is
    asked (Django's EmptyResultSet)."""
    lines = body(client.get(url, {"q": "0"})).splitlines()
    assert lines == ([] if url == JSONL else [",".join(exports.CSV_COLUMNS)])


def test_cells_a_spreadsheet_would_run_are_neutralised(client, maker_a):
    make_product("=HYPERLINK(1)", manufacturer=maker_a, name_ru="@SUM(A1)",
                 name_en="-1+2", description_en="-40")
    rows = list(csv.reader(io.StringIO(body(client.get(CSV)))))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["part_number"], row["name_ru"], row["name_en"]) == (
        "'=HYPERLINK(1)", "'@SUM(A1)", "'-1+2")
    assert row["description_en"] == "-40"


def test_head_answers_without_the_body(client, register, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.head(CSV)
    assert response.status_code == 200 and response["ETag"]


def test_entries_without_stored_documents_cost_queries_per_chunk_not_per_row(
        client, register, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 3)
    template = register.ics.parameters.get()
    make_full_entries(2, register.mcu_entry.manufacturer, register.mcu, template)
    EntryDocument.objects.all().delete()
    assert len(register.public) + 2 == 6
    # 6 entries in chunks of 3: the aggregate and the entries with their documents; per chunk,
    # the rows of the entries lacking one, their manufacturers, categories and templates, and
    # 5 relations.
    # On PostgreSQL, first a COPY that finds no current document.
    copy = 1 if connection.vendor == "postgresql" else 0
    with django_assert_num_queries(1 + copy + 1 + 2 * (1 + 3 + 5)):
        lines = body(client.get(JSONL)).splitlines()
    assert len(lines) == 6
    assert_each_is_the_detail(client, lines)


def test_stored_documents_are_exported_as_stored_and_outdated_ones_built_again(
        client, register, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 3)
    stored.render_queryset(Product.objects.all())
    with django_assert_num_queries(2):  # the aggregate, then every line from its document
        lines = body(client.get(JSONL)).splitlines()
    details = [client.get(f"/api/v1/products/{json.loads(line)['registry_number']}/")
               for line in lines]
    assert lines == [detail.content.decode() for detail in details]
    # Changed without its document being rendered again: the export does not serve it stale.
    Product.objects.filter(pk=register.mcu_entry.pk).update(
        name_en="Renamed microcontroller", updated_at=timezone.now())
    exported = {json.loads(line)["part_number"]: json.loads(line)
                for line in body(client.get(JSONL)).splitlines()}
    assert exported["К1986ВЕ92QI"]["name_en"] == "Renamed microcontroller"
    csv_rows = list(csv.reader(io.StringIO(body(client.get(CSV)))))
    assert "Renamed microcontroller" in next(r for r in csv_rows if r[1] == "К1986ВЕ92QI")


@pytest.mark.parametrize("url", [JSONL, CSV])
def test_lines_are_sent_in_blocks_not_one_by_one(client, register, monkeypatch, url):
    """The server writes each piece of a streamed answer on its own: lines go in blocks of
    about BLOCK_SIZE characters, and no line is cut or lost between them."""
    whole = body(client.get(url))
    monkeypatch.setattr(exports, "BLOCK_SIZE", 2 * len(whole.splitlines()[1]))
    pieces = [piece.decode() for piece in client.get(url).streaming_content]
    lines = whole.splitlines(keepends=True)
    assert "".join(pieces) == whole
    assert 1 < len(pieces) < len(lines)
    assert all(piece.endswith("\n") for piece in pieces)


def test_stored_lines_keep_escapes_and_built_ones_keep_their_place(client, register,
                                                                   monkeypatch):
    """JSON escapes survive the way from the database (COPY's text format doubles every
    backslash on PostgreSQL), and an entry whose document is outdated is built in its place
    between stored ones (on PostgreSQL the COPY stops there and the rest is read again)."""
    monkeypatch.setattr(exports, "CHUNK_SIZE", 3)
    in_order = sorted(register.public, key=lambda entry: entry.registry_number)
    awkward, outdated = in_order[0], in_order[1]  # stored, built, then stored ones
    text = 'C:\\temp\\ "quoted", tab\there,\nnew line, \\N, \\\\'
    Product.objects.filter(pk=awkward.pk).update(description_en=text)
    stored.render_queryset(Product.objects.all())
    Product.objects.filter(pk=outdated.pk).update(name_en="Renamed", updated_at=timezone.now())
    lines = exported_in_order(client, in_order)
    by_number = {json.loads(line)["registry_number"]: json.loads(line) for line in lines}
    assert by_number[awkward.registry_number]["description_en"] == text
    assert by_number[outdated.registry_number]["name_en"] == "Renamed"


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_export_goes_on_after_an_outdated_document(client, register):
    """As a served request reads it, with no transaction around it: on PostgreSQL the COPY
    stops at the first entry without a current document, and the export goes on from that
    entry on the same connection."""
    stored.render_queryset(Product.objects.all())
    in_order = sorted(register.public, key=lambda entry: entry.registry_number)
    Product.objects.filter(pk=in_order[1].pk).update(name_en="Renamed", updated_at=timezone.now())
    lines = exported_in_order(client, in_order)
    assert json.loads(lines[1])["name_en"] == "Renamed"
