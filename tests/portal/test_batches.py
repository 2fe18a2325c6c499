"""The portal's catalogue upload: per-row results on the page, nothing applied until the
batch is submitted, clear messages for files the register cannot read, and other
manufacturers kept out."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from registry.models import Application, Batch, RowOutcome
from tests.applications import pdf
from tests.batches import corrected_bytes, demo_categories, fixture_bytes
from tests.factories import make_user

pytestmark = pytest.mark.django_db
EN = {"accept-language": "en"}


@pytest.fixture(autouse=True)
def categories(db):
    demo_categories()


@pytest.fixture
def signed_in(client, rep_a):
    client.force_login(rep_a)
    return client


def post_file(client, maker, content, name="catalogue.csv"):
    return client.post("/portal/batches/", {
        "manufacturer": maker.pk,
        "file": SimpleUploadedFile(name, content),
    }, headers=EN)


def file_error(response):
    assert response.status_code == 200, response.status_code
    return " ".join(response.context["form"].errors.get("file", []))


def test_upload_with_errors_shows_them_and_applies_nothing(signed_in, maker_a):
    response = post_file(signed_in, maker_a, fixture_bytes())
    batch = Batch.objects.get()
    assert response.status_code == 302 and response.url == f"/portal/batches/{batch.pk}/"
    page = signed_in.get(response.url, headers=EN).content.decode()
    assert "Row 11, column “Код ТН ВЭД ЕАЭС”" in page
    assert "Row 41, column “Категория”: There is no such category." in page
    assert "also on row 80" in page
    assert "with errors: 5" in page
    assert not Application.objects.exists()
    # Submitting with errors is refused, saying which rows.
    response = signed_in.post(f"/portal/batches/{batch.pk}/act/", {"action": "submit"},
                              headers=EN, follow=True)
    assert "Rows 11, 41, 81, 121, 161 have errors" in response.content.decode()
    assert not Application.objects.exists()


def test_a_corrected_file_replaces_the_rows_and_the_batch_is_submitted(signed_in, maker_a):
    post_file(signed_in, maker_a, fixture_bytes())
    batch = Batch.objects.get()
    response = signed_in.post(f"/portal/batches/{batch.pk}/act/", {
        "action": "upload", "manufacturer": maker_a.pk,
        "file": SimpleUploadedFile("fixed.csv", corrected_bytes("cp1251"))}, headers=EN)
    assert response.status_code == 302
    assert batch.rows.filter(outcome=RowOutcome.NEW).count() == 200
    # Two rows are left out by the representative.
    signed_in.post(f"/portal/batches/{batch.pk}/act/", {"action": "drop", "line": ["2", "3"]})
    response = signed_in.post(f"/portal/batches/{batch.pk}/act/",
                              {"action": "submit", "note": "Catalogue 2026"},
                              headers=EN, follow=True)
    assert "198 applications await the registrars" in response.content.decode()
    assert Application.objects.filter(state="submitted").count() == 198


def test_dropping_the_error_rows_then_submitting(signed_in, maker_a):
    post_file(signed_in, maker_a, fixture_bytes())
    batch = Batch.objects.get()
    signed_in.post(f"/portal/batches/{batch.pk}/act/", {"action": "drop_errors"})
    signed_in.post(f"/portal/batches/{batch.pk}/act/", {"action": "submit"})
    assert Application.objects.count() == 195


def test_another_manufacturers_representative_gets_404(client, rep_a, maker_a, maker_b):
    client.force_login(rep_a)
    post_file(client, maker_a, corrected_bytes())
    batch = Batch.objects.get()
    client.force_login(make_user("other", represents=maker_b))
    assert client.get(f"/portal/batches/{batch.pk}/").status_code == 404
    assert client.post(f"/portal/batches/{batch.pk}/act/",
                       {"action": "submit"}).status_code == 404
    assert not Application.objects.exists()
    # Nor may they upload for a manufacturer they do not represent.
    response = post_file(client, maker_a, corrected_bytes())
    assert "manufacturer" in response.context["form"].errors
    client.logout()
    assert client.get(f"/portal/batches/{batch.pk}/").status_code == 302  # to sign in


def xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_bad_files_get_clear_messages_and_nothing_is_staged(signed_in, maker_a, settings):
    pdf = b"%PDF-1.4\n%%EOF\n"
    assert "Only CSV and XLSX" in file_error(post_file(signed_in, maker_a, pdf, "c.pdf"))
    utf16 = "part_number,name_ru,category\nIN74HC00AN,Микросхема,logic\n".encode("utf-16-le")
    assert "neither CSV text" in file_error(post_file(signed_in, maker_a, utf16))
    no_name = b"part_number,category\nIN74HC00AN,logic\n"
    assert "Row 1 (the header) has no column “Name (Russian)”" in file_error(
        post_file(signed_in, maker_a, no_name))
    unknown = "part_number,name_ru,category,colour\nIN74HC00AN,М,logic,red\n".encode()
    assert "no column “colour”" in file_error(post_file(signed_in, maker_a, unknown))
    many = "part_number,name_ru,category\n" + "".join(
        f"IN{n},Микросхема,logic\n" for n in range(10_001))
    assert "more than 10 000 rows (row 10002 is past the limit)" in file_error(
        post_file(signed_in, maker_a, many.encode()))
    assert "not a readable XLSX" in file_error(
        post_file(signed_in, maker_a, b"PK\x03\x04garbage", "c.xlsx"))
    settings.CATALOGUE_MAX_UNPACKED_BYTES = 1024 * 1024
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<x>" + b"0" * 5 * 1024 * 1024)
    assert "unpacks to 5.0" in file_error(post_file(signed_in, maker_a, bomb.getvalue(),
                                                    "c.xlsx"))
    assert not Batch.objects.exists()


def test_cp1251_semicolons_and_xlsx_are_read(signed_in, maker_a):
    text = "Обозначение;Наименование (рус.);Категория\nIN74HC00AN;Микросхема;logic\n"
    post_file(signed_in, maker_a, text.encode("cp1251"))
    row = Batch.objects.get().rows.get()
    assert row.outcome == RowOutcome.NEW and row.proposal["name_ru"] == "Микросхема"
    post_file(signed_in, maker_a, xlsx([["Part number", "Name (Russian)", "Category"],
                                        ["IN74HC02AN", "Микросхема", "logic"]]), "c.xlsx")
    assert Batch.objects.latest("pk").rows.get().outcome == RowOutcome.NEW


def test_the_templates_hold_the_columns_and_an_example_that_passes(signed_in, maker_a):
    response = signed_in.get("/portal/batches/template.xlsx?lang=en")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, example = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert header[:3] == ["Part number", "Name (Russian)", "Name (English)"]
    assert example[0] == "IN74HC00AN"
    post_file(signed_in, maker_a, response.content, "template.xlsx")
    row = Batch.objects.get().rows.get()
    assert row.outcome == RowOutcome.NEW, row.errors
    csv_template = signed_in.get("/portal/batches/template.csv?lang=ru").content.decode()
    assert csv_template.lstrip("\ufeff").startswith("Обозначение,Наименование (рус.)")
    assert signed_in.get("/portal/batches/template.doc").status_code == 404


def test_the_batch_page_queries_do_not_grow_with_rows(signed_in, maker_a,
                                                       django_assert_max_num_queries):
    small = "part_number,name_ru,category\n" + "".join(
        f"IN74HC{n}AN,Микросхема,logic\n" for n in range(5))
    large = "part_number,name_ru,category\n" + "".join(
        f"IN74HC{n}AN,Микросхема,logic\n" for n in range(150))
    post_file(signed_in, maker_a, small.encode())
    post_file(signed_in, maker_a, large.encode())
    first, second = Batch.objects.order_by("pk")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    with CaptureQueriesContext(connection) as few:
        signed_in.get(f"/portal/batches/{first.pk}/")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = signed_in.get(f"/portal/batches/{second.pk}/")
    assert response.content.decode().count('name="line"') == 150


def test_a_long_file_is_checked_in_parts_with_its_progress_shown(signed_in, maker_a, settings,
                                                                  monkeypatch):
    from registry.workflow import batches

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    content = "part_number,name_ru,category\n" + "".join(
        f"IN74HC{n}AN,Микросхема,logic\n" for n in range(7)) + "IN74HC1AN,Микросхема,logic\n"
    post_file(signed_in, maker_a, content.encode())
    batch = Batch.objects.get()
    assert batch.state == "checking"
    page = signed_in.get(f"/portal/batches/{batch.pk}/", headers=EN).content.decode()
    assert "The rows are being checked: 0 of 8" in page
    response = signed_in.post(f"/portal/batches/{batch.pk}/act/", {"action": "submit"},
                              headers=EN, follow=True)
    assert "still being checked" in response.content.decode()
    # The worker checks it in parts of three rows; the repeated part number on row 9 is
    # found although row 3 was checked in another part.
    monkeypatch.setattr(batches, "CHECK_CHUNK", 3)
    assert batches.check_batch.call(batch.pk, batch.revision) == 8
    batch.refresh_from_db()
    assert (batch.state, batch.checked_count) == ("staged", 8)
    error = batch.rows.get(outcome=RowOutcome.ERROR)
    assert error.line == 9 and "also on row 3" in error.errors[0]["message"]
    # A check of an earlier upload does nothing.
    assert batches.check_batch.call(batch.pk, batch.revision - 1) == 0
    assert not Application.objects.exists()


def test_a_document_for_every_row_is_added_in_the_portal_and_a_bad_one_refused(signed_in,
                                                                              maker_a):
    post_file(signed_in, maker_a, corrected_bytes())
    batch = Batch.objects.get()
    act = f"/portal/batches/{batch.pk}/act/"
    signed_in.post(act, {"action": "document", "kind": "origin_certificate",
                         "title": "ST-1 certificate", "file": SimpleUploadedFile(
                             "st1.pdf", pdf().read(), content_type="application/pdf")},
                   headers=EN)
    page = signed_in.get(f"/portal/batches/{batch.pk}/", headers=EN).content.decode()
    assert "Documents for every row" in page and "ST-1 certificate" in page
    response = signed_in.post(act, {"action": "document", "kind": "datasheet",
                                    "file": SimpleUploadedFile("x.pdf", b"MZ not a pdf")},
                              headers=EN, follow=True)
    assert batch.documents.count() == 1
    assert "PDF" in response.content.decode()
    other = make_user("other_rep")
    signed_in.force_login(other)
    assert signed_in.post(act, {"action": "remove_document", "document": 1}).status_code == 404
