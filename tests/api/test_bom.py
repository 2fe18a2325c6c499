"""POST /api/v1/substitutes/bom/: a bill of materials from a PLM or ERP system."""

import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from products import bom
from tests.factories import make_product

pytestmark = pytest.mark.django_db

URL = "/api/v1/substitutes/bom/"
DATA = Path(__file__).parent.parent / "products" / "data" / "bom"


@pytest.fixture
def entries():
    return {
        "logic": make_product("IN74HC164AN", analogs=[("74HC164", "pin_to_pin")]),
        "audio": make_product("IL34119N", analogs=[("MC34119", "functional")]),
    }


def post_lines(client, lines):
    return client.post(URL, {"lines": lines}, content_type="application/json",
                       headers={"accept-language": "en"})


def post_file(client, name, content, **fields):
    return client.post(URL, {"file": SimpleUploadedFile(name, content), **fields},
                       headers={"accept-language": "en"})


def test_json_lines_come_back_with_their_columns_and_candidates(client, entries):
    response = post_lines(client, [
        {"part": "SN74HC164N", "quantity": 2, "ref": "DD1, DD2", "maker": "TI"},
        {"part": "Микросхема MC34119D", "quantity": 1},
        {"part": "LM317T"},
        {"part": "Микросхемы"},
    ])
    assert response.status_code == 200, response.content
    body = response.json()
    first = body["lines"][0]
    assert first["columns"] == {"part": "SN74HC164N", "quantity": 2, "ref": "DD1, DD2",
                                "maker": "TI"}
    assert (first["line"], first["part"], first["quantity"], first["status"]) == (
        1, "SN74HC164N", "2", "found")
    candidate = first["candidates"][0]
    assert {key: candidate[key] for key in ("registry_number", "part_number", "level")} == {
        "registry_number": entries["logic"].registry_number, "part_number": "IN74HC164AN",
        "level": "pin_to_pin"}
    assert candidate["url"].endswith(f"/products/{entries['logic'].registry_number}/")
    assert "score" in candidate and candidate["manufacturer"]
    assert body["lines"][1]["part"] == "MC34119D"
    assert body["lines"][1]["candidates"][0]["level"] == "functional"
    assert [line["status"] for line in body["lines"]] == ["found", "found", "none", "section"]
    assert body["summary"] == {"lines": 4, "asked": 3, "found": 2, "missing": 1}
    assert body["warnings"] == []


def test_a_parts_list_file_is_read_as_on_the_site(client, entries):
    response = post_file(client, "pe3.csv",
                         (DATA / "gost_parts_list_cp1251.csv").read_bytes())
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["part_column"] == "Наименование" and body["quantity_column"] == "Кол."
    line = next(line for line in body["lines"] if line["part"] == "SN74HC164N")
    assert line["columns"] == {"Поз. обозначение": "DD2, DD3",
                               "Наименование": "Микросхема SN74HC164N", "Кол.": "2",
                               "Примечание": "Импорт"}
    assert line["candidates"][0]["part_number"] == "IN74HC164AN"


def test_a_named_column_that_holds_no_part_numbers_is_warned_about(client, entries):
    response = post_file(client, "pe3.csv", (DATA / "gost_parts_list_cp1251.csv")
                         .read_bytes(), part_column="Поз. обозначение")
    body = response.json()
    assert body["part_column"] == "Поз. обозначение"
    [warning] = body["warnings"]
    assert warning["code"] == "part_column_unlikely"
    assert [a["column"] for a in warning["alternatives"]] == ["Наименование"]
    assert post_file(client, "k.csv", (DATA / "kicad_bom.csv").read_bytes(),
                     part_column="f").json()["part_column"] == "MPN"


@pytest.mark.parametrize(("lines", "field", "code"), [
    ([], "lines", "min_length"),
    ([{"quantity": 1}], "lines.0.part", "invalid"),
    ([{"part": "SN74HC164N"}, {"part": ""}], "lines.1.part", "invalid"),
    ([{"part": "SN74HC164N", "note": {"nested": 1}}], "lines.0.note", "invalid"),
    ([{"part": "x" * 201}], "lines.0.part", "invalid"),
    ([{"part": "SN74HC164N"}] * (bom.MAX_ROWS + 1), "lines", "max_length"),
    ("SN74HC164N", "lines", "not_a_list"),
])
def test_bad_json_lines_are_400_with_a_message_per_field(client, entries, lines, field, code):
    response = post_lines(client, lines)
    assert response.status_code == 400, response.content
    problems = response.json()["fields"][field]
    assert problems[0]["code"] == code and problems[0]["message"]


def test_unknown_fields_and_columns_are_refused(client, entries):
    response = client.post(URL, {"lines": [{"part": "A1234"}], "extra": 1},
                           content_type="application/json")
    assert response.status_code == 400 and "extra" in response.json()["fields"]
    response = post_file(client, "k.csv", (DATA / "kicad_bom.csv").read_bytes(),
                         part_column="Order code")
    assert response.status_code == 400
    [problem] = response.json()["fields"]["part_column"]
    assert problem["code"] == "unknown_column" and "MPN" in problem["message"]


@pytest.mark.parametrize(("name", "content", "status"), [
    ("random.bin", os.urandom(4096) + b"\x00", 400),
    ("empty.csv", b"", 400),
    ("fake.xlsx", b"PK\x03\x04 not really a zip", 400),
    ("five.csv", b"SN74HC164N;1\n" * (5 * 1024 * 1024 // 13), 413),
])
def test_garbage_files_are_refused_with_4xx(client, entries, name, content, status):
    response = post_file(client, name, content)
    assert response.status_code == status, response.content
    body = response.json()
    assert body["detail"]
    if status == 400:
        assert body["fields"]["file"][0]["message"]


def test_other_body_types_and_query_parameters_are_refused(client, entries):
    assert client.post(URL, "SN74HC164N", content_type="text/plain").status_code == 415
    response = client.post(URL + "?part=x", {"lines": [{"part": "A1234"}]},
                           content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "unknown_parameter"


def test_queries_do_not_grow_with_the_lines(client, entries, django_assert_max_num_queries):
    def parts(n):
        return [{"part": f"SN74HC{index % 500:03d}N", "quantity": index} for index in range(n)]

    # The engine's batch (declared analogs, then parametric candidates) and the visibility
    # check: the same few queries for 10 lines as for 901.
    with django_assert_max_num_queries(8):
        assert post_lines(client, parts(10)).status_code == 200
    with django_assert_max_num_queries(8):
        response = post_lines(client, parts(900) + [{"part": "74HC164D"}])
    assert response.json()["lines"][-1]["status"] == "found"


def test_it_is_throttled_like_the_rest_of_the_api(client, entries, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": "2/min"}}
    statuses = [post_lines(client, [{"part": "SN74HC164N"}]).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_it_is_described_in_the_schema(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"][URL]["post"]
    assert set(operation["requestBody"]["content"]) == {"multipart/form-data",
                                                        "application/json"}
    assert {"200", "400", "413", "415", "429"} <= set(operation["responses"])


def test_the_answer_has_exactly_the_documented_shape(client, entries):
    schema = client.get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]
    body = post_file(client, "pe3.csv", (DATA / "gost_parts_list_cp1251.csv").read_bytes(),
                     part_column="A").json()
    assert set(body) == set(schema["BomAnswer"]["properties"])
    assert set(body["lines"][0]) == set(schema["BomLine"]["properties"])
    assert set(body["warnings"][0]) == set(schema["BomWarning"]["properties"])
    assert set(body["warnings"][0]["alternatives"][0]) == set(schema["BomColumn"]["properties"])
    found = post_lines(client, [{"part": "SN74HC164N"}]).json()["lines"][0]
    assert set(found["candidates"][0]) == set(schema["BomCandidate"]["properties"])
