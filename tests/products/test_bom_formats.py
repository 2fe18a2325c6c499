"""Bills of materials as people and CAD tools write them: ГОСТ 2.701 parts lists, KiCad and
Altium exports, workbooks and pasted text; the part column found by its values."""

import csv
import io
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from products import bom
from products.designations import designation_of, looks_like_part_number
from tests.factories import make_product

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "bom"


@pytest.fixture
def register():
    return {
        "logic": make_product("IN74HC164AN", analogs=[("74HC164", "pin_to_pin")]),
        "audio": make_product("IL34119N", analogs=[("MC34119", "pin_to_pin")]),
        "regulator": make_product("КР142ЕН12А", analogs=[("LM317T", "functional")]),
    }


def send(client, name=None, content=None, text=""):
    data = {"text": text}
    if name is not None:
        data["file"] = SimpleUploadedFile(name, content)
    response = client.post("/substitutes/bom/", data, headers={"accept-language": "en"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"], headers={"accept-language": "en"})


def parts_and_finds(page):
    return [(line.part, [c.product.part_number for c in line.candidates])
            for line in page.context["lines"] if line.asked]


@pytest.mark.parametrize(("name", "designation"), [
    ("Микросхема К1533ЛА3 бКО.347.364 ТУ", "К1533ЛА3"),
    ("Микросхема SN74HC164N", "SN74HC164N"),
    ("Резистор С2-33Н-0,25-1 кОм ±5%", "С2-33Н-0,25-1 кОм ±5%"),
    ("Резистор Р1-12-0,125-10 кОм ±5% ШКАБ.434110.002 ТУ", "Р1-12-0,125-10 кОм ±5%"),
    ("Конденсатор К10-17б-Н90-0,1 мкФ ОЖ0.460.172 ТУ", "К10-17б-Н90-0,1 мкФ"),
    ("Транзистор КТ315Б ЖК3.365.200 ТУ", "КТ315Б"),
    ("Транзистор 2Т312А аА0.336.164 ТУ", "2Т312А"),
    ("Диод Шоттки 1N5819 (Vishay)", "1N5819"),
    ("Стабилитрон КС156А СМ3.362.812 ТУ", "КС156А"),
    ("Кварцевый резонатор РК374МД-6ВС-16000 кГц", "РК374МД-6ВС-16000 кГц"),
    ("Микросхема 5559ИН4Т АЕЯР.431200.143-06 ТУ", "5559ИН4Т"),
    ("Микросхема К1986ВЕ92QI АЕНВ.431280.001ТУ", "К1986ВЕ92QI"),
    ("Микросхема КР1006ВИ1 ГОСТ 18725-83", "КР1006ВИ1"),
    ("Микросхема STM32F103C8T6, STMicroelectronics", "STM32F103C8T6"),
    ("SN74HC164N", "SN74HC164N"),
    ("LM 317T", "LM 317T"),  # a vendor prefix written apart is no kind word
    ("Микросхемы", "Микросхемы"),
])
def test_the_designation_is_read_from_a_parts_list_name(name, designation):
    assert designation_of(name) == designation


@pytest.mark.parametrize(("cell", "expected"), [
    ("SN74HC164N", True), ("2N3904", True), ("К1533ЛА3", True), ("GRM188R71H104KA93D", True),
    ("DD1", False), ("R1-R4", False), ("C1, C2, C3", False), ("10k", False), ("4k7", False),
    ("100nF", False), ("Package_DIP:DIP-8_W7.62mm", False), ("Микросхемы", False),
    ("8-Bit Serial-In Parallel-Out Shift Register", False),
])
def test_what_looks_like_a_part_number(cell, expected):
    assert looks_like_part_number(cell) is expected


def test_a_gost_parts_list_in_windows_1251_is_read_from_the_name_column(client, register):
    page = send(client, "pe3.csv", (DATA / "gost_parts_list_cp1251.csv").read_bytes())
    assert page.context["warning"] is None
    assert page.context["columns"] == ["Поз. обозначение", "Наименование", "Кол.",
                                       "Примечание"]
    assert parts_and_finds(page) == [
        ("К1533ЛА3", []), ("SN74HC164N", ["IN74HC164AN"]), ("КР142ЕН5А", []),
        ("MC34119D", ["IL34119N"]), ("С2-33Н-0,25-1 кОм ±5%", []), ("КТ315Б", [])]
    sections = [line.cells[1] for line in page.context["lines"] if line.section]
    assert sections == ["Микросхемы", "Резисторы", "Транзисторы"]
    assert page.context["summary"] == {"lines": 9, "asked": 6, "found": 2, "missing": 4}
    html = page.content.decode()
    assert "DD2, DD3" in html and "Импорт" in html  # the original columns are shown
    assert html.count('name="header"') == 1 + len(page.context["preview"])  # re-choosable


def test_reading_the_designator_column_is_said_plainly(client, register):
    page = send(client, "pe3.csv", (DATA / "gost_parts_list_cp1251.csv").read_bytes())
    token = page.request["PATH_INFO"].rstrip("/").rsplit("/", 1)[1]
    wrong = client.get(f"/substitutes/bom/{token}/?header=1&part=0&quantity=2",
                       headers={"accept-language": "en"})
    warning = wrong.context["warning"]
    assert warning["column"].label == "A: Поз. обозначение"
    assert [column.label for column, _query in warning["others"]] == ["B: Наименование"]
    html = wrong.content.decode()
    assert "A: Поз. обозначение does not look like part numbers" in html
    # The offered column answers at once.
    fixed = client.get(f"/substitutes/bom/{token}/?{warning['others'][0][1]}")
    assert fixed.context["warning"] is None
    assert ("SN74HC164N", ["IN74HC164AN"]) in parts_and_finds(fixed)


def test_a_kicad_export_is_read_from_its_mpn_column(client, register):
    page = send(client, "kicad.csv", (DATA / "kicad_bom.csv").read_bytes())
    assert page.context["columns"][5] == "MPN"
    assert [part for part, _found in parts_and_finds(page)] == [
        "GRM188R71H104KA93D", "RC0603FR-0710KL", "SN74HC164D", "MC34119P", "LM317T"]
    assert [line.quantity for line in page.context["lines"]] == ["3", "2", "1", "1", "1"]
    assert dict(parts_and_finds(page))["LM317T"] == ["КР142ЕН12А"]


def test_an_altium_export_tab_separated_with_a_byte_order_mark(client, register):
    page = send(client, "altium.txt", (DATA / "altium_bom.txt").read_bytes())
    assert page.context["columns"][6] == "Manufacturer Part Number"
    assert dict(parts_and_finds(page))["SN74HC164D"] == ["IN74HC164AN"]
    assert [line.quantity for line in page.context["lines"]] == ["1", "3", "1", "1"]


def test_a_workbook_made_in_excel(client, register):
    workbook = openpyxl.Workbook()
    for row in [["Спецификация"], ["№", "Описание", "Артикул", "Кол-во"],
                [1, "Регистр сдвига", "SN74HC164N", 4], [2, "Усилитель", "MC34119", 1.0]]:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    page = send(client, "bom.xlsx", buffer.getvalue())
    assert [(line.part, line.quantity) for line in page.context["lines"]] == [
        ("SN74HC164N", "4"), ("MC34119", "1")]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "utf-16"])
def test_every_encoding_reads_the_same(client, register, encoding):
    text = "Обозначение;Кол.;Примечание\nSN74HC164N;2;Импорт\nMC34119;1;плата №2\n"
    page = send(client, "bom.csv", text.encode(encoding))
    assert [(line.part, line.quantity, line.cells[2]) for line in page.context["lines"]] == [
        ("SN74HC164N", "2", "Импорт"), ("MC34119", "1", "плата №2")]


def test_a_pasted_list_without_javascript(client, register):
    page = send(client, text=(DATA / "pasted.txt").read_text(encoding="utf-8"))
    assert page.context["name"] == "Pasted list"
    assert [(line.part, line.quantity) for line in page.context["lines"]] == [
        ("SN74HC164N", "2"), ("MC34119", "2"), ("LM317T", ""), ("74HC164D", "10")]
    assert page.context["summary"]["found"] == 4


def test_lines_copied_from_a_spreadsheet_are_tab_separated(client, register):
    page = send(client, text="Ref\tPart\tQty\r\nDD1\tSN74HC164N\t2\r\nDA1\tMC34119\t1")
    assert [(line.cells[0], line.part) for line in page.context["lines"]] == [
        ("DD1", "SN74HC164N"), ("DA1", "MC34119")]


@pytest.mark.parametrize(("data", "message"), [
    ({}, "Upload a file or paste a list."),
    ({"text": "SN74HC164N", "file": SimpleUploadedFile("a.csv", b"LM317T\n")},
     "not both"),
    ({"text": " \n \n"}, "Upload a file or paste a list."),
    ({"text": ";;;\n;;\n"}, "holds no lines"),
])
def test_a_form_without_a_list_says_what_is_missing(client, data, message):
    response = client.post("/substitutes/bom/", data, headers={"accept-language": "en"})
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("random.csv", os.urandom(4096) + b"\x00", "neither CSV text nor an XLSX"),
    ("archive.xlsx", None, "not a readable XLSX"),
    ("empty.txt", b"", "The submitted file is empty."),
    ("big.csv", b"SN74HC164N;1\n" * (5 * 1024 * 1024 // 13), "larger than 2 MB"),
])
def test_garbage_files_get_a_message_not_an_error(client, name, content, message):
    if content is None:  # a genuine zip archive that holds no workbook
        buffer = io.BytesIO()

        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("readme.txt", "not a workbook")
        content = buffer.getvalue()
    response = client.post("/substitutes/bom/", {"file": SimpleUploadedFile(name, content)},
                           headers={"accept-language": "en"})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_download_keeps_every_original_column_and_neutralises_formulas(client, register):
    page = send(client, "altium.txt", (DATA / "altium_bom.txt").read_bytes())
    query = page.context["layout_query"]
    token = page.request["PATH_INFO"].rstrip("/").rsplit("/", 1)[1]
    response = client.get(f"/substitutes/bom/{token}/answer.csv?{query}",
                          headers={"accept-language": "en"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content)
                                       .decode("utf-8-sig"))))
    assert rows[0][:8] == ["Line", "Comment", "Description", "Designator", "Footprint",
                           "LibRef", "Quantity", "Manufacturer Part Number"]
    assert rows[0][8:10] == ["Part number read", "Substitute"]
    first = rows[1]
    assert first[1:10] == ["74HC164", "8-Bit Serial-In Parallel-Out Shift Register", "U1",
                           "SOIC-14", "74HC164", "1", "SN74HC164D", "SN74HC164D",
                           "IN74HC164AN"]
    formula = next(row for row in rows if row[3] == "J1")
    assert formula[1] == "'=HYPERLINK(\"http://example.org\")"
    response = client.get(f"/substitutes/bom/{token}/answer.xlsx?{query}")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = {cell.value: cell.data_type for row in sheet.iter_rows() for cell in row}
    assert cells["=HYPERLINK(\"http://example.org\")"] == "s"  # text, never a formula
    assert sheet.max_row == len(rows)


def test_the_read_table_is_bounded(register):
    rows = bom.read_text("a;" * 80 + "\n" + "SN74HC164N;" + "x" * 500)
    assert max(len(cells) for _n, cells in rows) == bom.MAX_COLUMNS
    assert max(len(cell) for _n, cells in rows for cell in cells) == bom.MAX_CELL
