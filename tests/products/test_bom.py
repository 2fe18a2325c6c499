"""Checking a bill of materials: upload, header row and columns, answer, downloads."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from products import bom
from products.substitutes import find_substitutes, find_substitutes_for_many
from tests.factories import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    return {
        "logic": make_product("IN74HC164AN", analogs=[("74HC164", "pin_to_pin")]),
        "audio": make_product("IL34119N", analogs=[("MC34119", "pin_to_pin")]),
        "other": make_product("КР1564ИР8", analogs=[("SN74HC164N", "functional")]),
    }


def upload(client, name, content):
    return client.post("/substitutes/bom/", {"file": SimpleUploadedFile(name, content)},
                       headers={"accept-language": "en"})


def token_of(response):
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"].rstrip("/").rsplit("/", 1)[1]


def xlsx(rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


CSV = (b"BOM of board 17\nQty;Ref;Part number\n10;DD1;SN74HC164N\n4;DA1;MC34119D\n"
       b"2;DA2;LM317T\n;;\n")


def test_csv_upload_guesses_the_header_and_answers_line_by_line(client, register):
    token = token_of(upload(client, "bom.csv", CSV))
    page = client.get(f"/substitutes/bom/{token}/")
    form = page.context["form"]
    assert (form.initial["header"], form.initial["part"], form.initial["quantity"]) == (1, 2, 0)
    answer = client.get(f"/substitutes/bom/{token}/?header=1&part=2&quantity=0")
    lines = answer.context["lines"]
    assert [(line.number, line.part, line.quantity) for line in lines] == [
        (3, "SN74HC164N", "10"), (4, "MC34119D", "4"), (5, "LM317T", "2")]
    assert [s.product.part_number for s in lines[0].candidates] == ["IN74HC164AN", "КР1564ИР8"]
    assert [s.product.part_number for s in lines[1].candidates] == ["IL34119N"]
    assert lines[2].candidates == []
    assert (answer.context["summary"]["found"], answer.context["summary"]["missing"]) == (2, 1)
    assert "Зарегистрированной замены нет" in answer.content.decode()


def test_xlsx_upload_in_any_column_order_and_a_chosen_header_row(client, register):
    content = xlsx([["Part list"], [], ["Part", "Qty"], ["74HC164D", 3], ["MC34119", 1.0]])
    token = token_of(upload(client, "bom.xlsx", content))
    # The reader says there is no header: the header line is answered as a part (none).
    answer = client.get(f"/substitutes/bom/{token}/?header=-1&part=0&quantity=1")
    assert [line.part for line in answer.context["lines"]] == [
        "Part list", "Part", "74HC164D", "MC34119"]
    answer = client.get(f"/substitutes/bom/{token}/?header=1&part=0&quantity=1")
    lines = answer.context["lines"]
    assert [(line.part, line.quantity) for line in lines] == [("74HC164D", "3"),
                                                             ("MC34119", "1")]
    assert lines[0].candidates[0].product.part_number == "IN74HC164AN"


def test_answer_downloads_as_xlsx_and_csv(client, register):
    token = token_of(upload(client, "bom.csv", CSV))
    query = "header=1&part=2&quantity=0"
    response = client.get(f"/substitutes/bom/{token}/answer.csv?{query}",
                          headers={"accept-language": "en"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content)
                                       .decode("utf-8-sig"))))
    assert rows[0][:6] == ["Line", "Qty", "Ref", "Part number", "Part number read",
                           "Substitute"]
    assert rows[1][:6] == ["3", "10", "DD1", "SN74HC164N", "SN74HC164N", "IN74HC164AN"]
    assert rows[-1] == ["5", "2", "DA2", "LM317T", "LM317T", "no registered substitute"]
    response = client.get(f"/substitutes/bom/{token}/answer.xlsx?{query}")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == len(rows)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("empty.csv", b"", "The submitted file is empty."),
    ("blank.csv", b"\n ; ;\n\n", "The file holds no lines."),
    ("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "neither CSV text nor an XLSX"),
    ("broken.xlsx", b"PK\x03\x04garbage that is no zip", "not a readable XLSX"),
    ("huge.csv", b"x" * (bom.MAX_BYTES + 1), "larger than 2 MB"),
    ("long.csv", b"74HC164\n" * (bom.MAX_ROWS + 1), "more than 5000 lines"),
    ("field.csv", b'"' + b"x" * 200_000 + b'"\n', "malformed"),
])
def test_malformed_files_get_a_clear_message(client, register, name, content, message):
    response = upload(client, name, content)
    assert response.status_code == 400
    assert message in str(response.context["form"].errors["file"])
    assert 'role="alert"' in response.content.decode()


def test_windows_1251_csv_is_read(client, register):
    token = token_of(upload(client, "bom.csv", "Обозначение,Кол\n74HC164,5\n".encode("cp1251")))
    page = client.get(f"/substitutes/bom/{token}/?header=0&part=0&quantity=1")
    assert page.context["lines"][0].candidates


def test_unknown_or_expired_uploads_are_gone(client, register):
    assert client.get("/substitutes/bom/" + "A" * 24 + "/").status_code == 410
    assert client.get("/substitutes/bom/not-a-token/answer.csv?part=0").status_code == 410


def test_bad_layouts_are_400(client, register):
    token = token_of(upload(client, "bom.csv", CSV))
    assert client.get(f"/substitutes/bom/{token}/?header=1&part=99").status_code == 400
    assert client.get(f"/substitutes/bom/{token}/?header=x&part=0").status_code == 400


def test_the_upload_is_not_stored_in_the_database(client, register, django_assert_num_queries):
    with django_assert_num_queries(0):
        token_of(upload(client, "bom.csv", CSV))


def test_a_2000_line_bom_answers_with_a_bounded_number_of_queries(
        client, register, django_assert_max_num_queries):
    lines = ["Part,Qty"] + [f"SN74HC{n % 700:03d}N,{n}" for n in range(1995)] + [
        "74HC164,1", "MC34119,2", "LM317T,1", "SN74HC164N,4", "74HC164D,9"]
    token = token_of(upload(client, "bom.csv", "\n".join(lines).encode()))
    find_substitutes_for_many(["74HC164"])  # reads the categories and templates into the cache
    # Declarations, catalogue rows, declaring entries' parameters, the kept ones in full.
    with django_assert_max_num_queries(4):
        answer = client.get(f"/substitutes/bom/{token}/?header=0&part=0&quantity=1")
    answered = answer.context["lines"]
    assert len(answered) == 2000
    assert answered[-5].candidates and not answered[-3].candidates


def test_the_batch_agrees_with_the_single_lookup(register):
    parts = ["74HC164", "SN74HC164N", "74HC164D", "MC34119", "LM317T", "", " - "]
    batch = find_substitutes_for_many(parts)
    for part in parts:
        single = [s.product.part_number for s in find_substitutes(part)]
        assert [s.product.part_number for s in batch[part]] == list(dict.fromkeys(single))
