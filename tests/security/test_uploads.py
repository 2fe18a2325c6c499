"""Uploads: sniffed by content, bounded in size, stored under random names, and served only
by the download views, as sandboxed attachments; MEDIA_ROOT is never served raw."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.checks import run_checks
from django.core.files.uploadedfile import SimpleUploadedFile

from products.models import Document
from registry import workflow
from registry.models import ApplicationDocument
from tests.applications import JPEG, PDF, PNG, image_bytes, make_application
from tests.factories import make_product

pytestmark = pytest.mark.django_db


def png_claiming(width, height):
    """A tiny PNG whose header claims `width` × `height` pixels (a decompression bomb)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def zip_bomb(megabytes=200):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (megabytes * 1024 * 1024))
    return buffer.getvalue()


HOSTILE_FILES = {
    "html disguised as pdf": (b"<!DOCTYPE html><html><script>alert(1)</script></html>",
                              "Only PDF, PNG and JPEG"),
    "pdf polyglot with html": (b"%PDF-1.4\n<html><body><script>alert(document.cookie)"
                               b"</script></body></html>\n%%EOF\n", "web page markup"),
    "pdf polyglot with svg": (b"%PDF-1.7\n<svg onload=alert(1)>\n%%EOF", "web page markup"),
    "truncated pdf": (PDF[:20], "incomplete or damaged"),
    "zip bomb named pdf": (zip_bomb(), "Only PDF, PNG and JPEG"),
    "png bomb": (png_claiming(100_000, 100_000), "too large in pixels"),
    "png over the pixel limit": (png_claiming(10_000, 10_000), "too large in pixels"),
    "broken png": (PNG[:40], "damaged"),
    "jpeg header then garbage": (b"\xff\xd8\xff\xe0" + b"\x00" * 64, "damaged"),
    "gif": (b"GIF89a" + b"\x00" * 32, "Only PDF, PNG and JPEG"),
    "svg": (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "Only PDF, PNG and JPEG"),
}


@pytest.fixture
def draft(client, rep_a, maker_a):
    client.force_login(rep_a)
    return make_application(rep_a, maker_a)


def upload(client, application, name, content):
    return client.post(f"/portal/applications/{application.pk}/documents/",
                       {"kind": "datasheet", "title": "", "file": SimpleUploadedFile(name,
                                                                                     content)})


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_hostile_files_are_refused_and_nothing_is_stored(client, draft, settings, name):
    content, message = HOSTILE_FILES[name]
    settings.DOCUMENT_MAX_PIXELS = 50_000_000
    before = (draft.history.count(), stored_files(settings))
    response = upload(client, draft, "datasheet.pdf", content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ApplicationDocument.objects.exists()
    assert (draft.history.count(), stored_files(settings)) == before


@pytest.mark.parametrize("name", ["../../../etc/passwd.pdf", "<script>alert(1)</script>.pdf",
                                  "con.pdf", "a" * 300 + ".pdf", "файл с пробелами.pdf",
                                  "name\x00.pdf", ".htaccess"])
def test_stored_names_are_random_whatever_the_upload_is_called(client, draft, settings, name):
    assert upload(client, draft, name, PDF).status_code == 302
    document = ApplicationDocument.objects.get()
    stored = document.file.name
    assert stored.startswith("applications/") and stored.endswith(".pdf")
    assert len(stored.split("/")[1]) == len("0" * 32 + ".pdf")
    assert [p.name for p in stored_files(settings)] == [stored.split("/")[1]]
    response = client.get(f"/portal/applications/{draft.pk}/documents/{document.pk}/")
    disposition = response["Content-Disposition"]
    assert disposition == (f'attachment; filename="application-{draft.reference}-datasheet-'
                           f'{document.pk}.pdf"')


def test_a_real_scan_and_photo_are_accepted(client, draft):
    for name, content in [("scan.png", image_bytes("PNG", (1200, 1700))),
                          ("photo.jpg", JPEG)]:
        assert upload(client, draft, name, content).status_code == 302
    assert ApplicationDocument.objects.count() == 2


def test_a_body_over_the_request_limit_is_refused_before_it_is_read(client, draft, settings):
    settings.REQUEST_MAX_BYTES = 10_000
    response = upload(client, draft, "big.pdf", PDF + b"0" * 20_000)
    assert response.status_code == 413
    assert not ApplicationDocument.objects.exists()
    assert stored_files(settings) == []


def test_a_lying_content_length_is_refused(client):
    assert client.post("/accounts/login/", {}, CONTENT_LENGTH="-5").status_code == 400
    assert client.post("/accounts/login/", {}, CONTENT_LENGTH="many").status_code == 400


def test_a_workbook_that_unpacks_to_gigabytes_is_not_read(client):
    response = client.post("/substitutes/bom/", {"file": SimpleUploadedFile(
        "bom.xlsx", zip_bomb(), content_type="application/vnd.ms-excel")})
    assert response.status_code == 400
    assert "unpacks to more than 50 MB" in response.content.decode()


# --- Serving ------------------------------------------------------------------------------------

def assert_served_as_sandboxed_attachment(response, content, content_type="application/pdf"):
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == content


@pytest.fixture
def documents(rep_a, maker_a, registrar):
    product = make_product(manufacturer=maker_a)
    public = Document(product=product, kind="datasheet", title="Datasheet",
                      file=SimpleUploadedFile("d.png", PNG))
    public.full_clean()
    public.save()
    application = make_application(rep_a, maker_a)
    attached = workflow.add_document(application, rep_a, kind="datasheet",
                                     file=SimpleUploadedFile("d.pdf", PDF))
    workflow.submit(application, rep_a)
    return product, public, application, attached


def test_every_download_view_serves_a_sandboxed_attachment(client, documents, rep_a,
                                                           registrar):
    product, public, application, attached = documents
    assert_served_as_sandboxed_attachment(
        client.get(f"/products/{product.registry_number}/documents/{public.pk}/"), PNG,
        "image/png")
    client.force_login(rep_a)
    assert_served_as_sandboxed_attachment(
        client.get(f"/portal/applications/{application.pk}/documents/{attached.pk}/"), PDF)
    client.force_login(registrar)
    assert_served_as_sandboxed_attachment(client.get(
        f"/admin/registry/application/{application.pk}/documents/{attached.pk}/"), PDF)


def test_application_documents_reach_only_those_allowed(client, documents, rep_b, maker_a):
    _product, _public, application, attached = documents
    portal = f"/portal/applications/{application.pk}/documents/{attached.pk}/"
    desk = f"/admin/registry/application/{application.pk}/documents/{attached.pk}/"
    assert client.get(portal)["Location"].startswith("/accounts/login/")
    assert client.get(desk)["Location"].startswith("/admin/login/")
    client.force_login(rep_b)
    assert client.get(portal).status_code == 404
    assert client.get(desk)["Location"].startswith("/admin/login/")


def test_media_files_are_never_served_raw(client, documents, settings):
    _product, public, _application, attached = documents
    for stored in (public.file.name, attached.file.name):
        assert (settings.MEDIA_ROOT / stored).exists()
        assert client.get(f"{settings.MEDIA_URL}{stored}").status_code == 404
        assert client.get(f"/static/../media/{stored}").status_code == 404


def test_uploads_kept_inside_a_static_folder_fail_the_system_checks(settings):
    assert not [e for e in run_checks() if e.id.startswith("security.")]
    settings.MEDIA_ROOT = settings.STATIC_ROOT / "media"
    assert "security.E001" in [e.id for e in run_checks()]
