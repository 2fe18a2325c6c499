"""Uploads: PDF, PNG and JPEG accepted by content and hashed; anything else refused with a
clear message, leaving the application exactly as it was."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from registry.models import ApplicationDocument
from tests.applications import JPEG, PDF, PNG, make_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(client, rep_a, maker_a):
    client.force_login(rep_a)
    return make_application(rep_a, maker_a)


def upload(client, application, name, content, kind="datasheet"):
    return client.post(f"/portal/applications/{application.pk}/documents/",
                       {"kind": kind, "title": "", "file": SimpleUploadedFile(name, content)},
                       headers={"accept-language": "en"})


def unchanged(application, settings):
    application.refresh_from_db()
    media = settings.MEDIA_ROOT / "applications"
    return (application.updated_at, application.history.count(),
            application.documents.count(), sorted(media.iterdir()) if media.exists() else [])


@pytest.mark.parametrize("name, content, content_type, extension", [
    ("datasheet.pdf", PDF, "application/pdf", "pdf"),
    ("scan.png", PNG, "image/png", "png"),
    ("photo.jpeg", JPEG, "image/jpeg", "jpg"),
    ("misnamed.txt", PDF, "application/pdf", "pdf"),  # the content decides, not the name
])
def test_good_files_are_attached_with_type_size_and_hash(client, draft, name, content,
                                                         content_type, extension):
    response = upload(client, draft, name, content, kind="origin_certificate")
    assert response.status_code == 302
    document = ApplicationDocument.objects.get()
    assert document.content_type == content_type
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content) and document.title == name
    assert document.kind == "origin_certificate" and document.original_name == name
    assert document.file.name.startswith("applications/") and \
        document.file.name.endswith(f".{extension}") and name not in document.file.name
    download = client.get(f"/portal/applications/{draft.pk}/documents/{document.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == content_type
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == content


@pytest.mark.parametrize("name, content, message", [
    ("evil.pdf", b"<html><script>alert(1)</script></html>", "Only PDF, PNG and JPEG"),
    ("archive.pdf", b"PK\x03\x04" + b"\x00" * 64, "Only PDF, PNG and JPEG"),
    ("empty.pdf", b"", "The file is empty"),
])
def test_bad_files_are_refused_and_change_nothing(client, draft, settings, name, content,
                                                  message):
    before = unchanged(draft, settings)
    response = upload(client, draft, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["document_form"].errors["file"]
    assert unchanged(draft, settings) == before


def test_a_file_over_the_limit_is_refused(client, draft, settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    before = unchanged(draft, settings)
    response = upload(client, draft, "big.pdf", PDF + b"0" * 2000)
    assert "the limit is 1.0" in response.content.decode()
    assert unchanged(draft, settings) == before


def test_a_missing_file_or_kind_is_refused(client, draft, settings):
    before = unchanged(draft, settings)
    response = client.post(f"/portal/applications/{draft.pk}/documents/", {"kind": "poem"})
    assert set(response.context["document_form"].errors) == {"kind", "file"}
    assert unchanged(draft, settings) == before


def test_no_uploads_once_submitted(client, rep_a, maker_a, settings):
    client.force_login(rep_a)
    application = make_application(rep_a, maker_a, state="submitted")
    before = unchanged(application, settings)
    response = upload(client, application, "late.pdf", PDF)
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("documents can be added only" in m for m in messages)
    assert unchanged(application, settings) == before


def test_documents_are_removed_from_a_draft(client, draft):
    upload(client, draft, "datasheet.pdf", PDF)
    document = ApplicationDocument.objects.get()
    response = client.post(f"/portal/applications/{draft.pk}/documents/{document.pk}/remove/")
    assert response.status_code == 302 and not ApplicationDocument.objects.exists()
