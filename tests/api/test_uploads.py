"""Documents through the API: the portal's rules (checked by content, not empty, not over
the limit), the same messages, and only while the application is with the manufacturer."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from registry import workflow
from registry.models import ApplicationDocument
from tests.api.conftest import auth, issue_token
from tests.applications import JPEG, PDF, PNG, make_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(rep_a, maker_a):
    return make_application(rep_a, maker_a)


@pytest.fixture
def secret(rep_a, maker_a):
    return issue_token(rep_a, maker_a)


def upload(client, application, secret, content, name="datasheet.pdf", **fields):
    return client.post(f"/api/v1/applications/{application.pk}/documents/",
                       {"kind": "datasheet", "file": SimpleUploadedFile(name, content),
                        **fields}, headers=auth(secret))


@pytest.mark.parametrize(("content", "content_type"), [
    (PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg")])
def test_a_document_is_attached_hashed_and_downloaded(client, draft, secret, content,
                                                      content_type):
    response = upload(client, draft, secret, content, title="Datasheet rev. 3")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["content_type"], body["size"], body["title"]) == (
        content_type, len(content), "Datasheet rev. 3")
    assert response["Location"] == body["url"]
    download = client.get(body["url"], headers=auth(secret))
    assert download.status_code == 200 and download["Content-Type"] == content_type
    assert b"".join(download.streaming_content) == content
    assert download["Content-Disposition"].startswith("attachment")
    listed = client.get(f"/api/v1/applications/{draft.pk}/", headers=auth(secret)).json()
    assert [d["sha256"] for d in listed["documents"]] == [body["sha256"]]


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"MZ\x90\x00 not a document", "datasheet.pdf",
     "Only PDF, PNG and JPEG files are accepted; this file is none of them."),
    (b"", "datasheet.pdf", "The file is empty."),
    (PDF + b"x" * 2000, "datasheet.pdf", "The file is 2.0\xa0KB; the limit is 1000\xa0bytes."),
])
def test_bad_files_are_refused_with_the_portals_messages(client, draft, secret, settings,
                                                         content, name, message, rep_a):
    settings.DOCUMENT_MAX_BYTES = 1000
    response = upload(client, draft, secret, content, name=name)
    assert response.status_code == 400
    assert [m["message"] for m in response.json()["fields"]["file"]] == [message]
    client.force_login(rep_a)
    page = client.post(f"/portal/applications/{draft.pk}/documents/",
                       {"kind": "datasheet", "file": SimpleUploadedFile(name, content)},
                       headers={"accept-language": "en"})
    assert message in page.context["document_form"].errors["file"]
    assert not ApplicationDocument.objects.exists()


def test_a_body_far_over_the_limit_is_refused_before_it_is_read(client, draft, secret,
                                                                settings):
    settings.DOCUMENT_MAX_BYTES = 1000
    response = upload(client, draft, secret, PDF + b"x" * 200_000)
    assert (response.status_code, response.json()["code"]) == (413, "too_large")


@pytest.mark.parametrize(("fields", "field"), [
    ({"kind": "letter"}, "kind"), ({"title": "x" * 201}, "title"), ({"colour": "red"}, "colour"),
])
def test_bad_fields_of_an_upload_are_refused(client, draft, secret, fields, field):
    response = upload(client, draft, secret, PDF, **fields)
    assert response.status_code == 400 and field in response.json()["fields"]
    missing = client.post(f"/api/v1/applications/{draft.pk}/documents/", {"kind": "datasheet"},
                          headers=auth(secret))
    assert missing.status_code == 400 and "file" in missing.json()["fields"]
    as_json = client.post(f"/api/v1/applications/{draft.pk}/documents/", {"kind": "datasheet"},
                          content_type="application/json", headers=auth(secret))
    assert as_json.status_code == 415


def test_documents_change_only_while_the_application_is_with_the_manufacturer(
        client, rep_a, maker_a, registrar, secret):
    draft = make_application(rep_a, maker_a)
    document = upload(client, draft, secret, PDF).json()
    url = document["url"]
    workflow.submit(draft, rep_a)
    late = upload(client, draft, secret, PDF)
    assert (late.status_code, late.json()["code"]) == (409, "invalid_transition")
    refused = client.delete(url, headers=auth(secret))
    assert refused.status_code == 409
    workflow.take_for_review(draft, registrar)
    workflow.request_changes(draft, registrar, "Another datasheet, please.")
    assert client.delete(url, headers=auth(secret)).status_code == 204
    assert client.get(url, headers=auth(secret)).status_code == 404
    assert not ApplicationDocument.objects.exists()


def test_another_manufacturer_neither_sees_nor_changes_the_documents(client, draft, secret,
                                                                     rep_b, maker_b):
    url = upload(client, draft, secret, PDF).json()["url"]
    other = issue_token(rep_b, maker_b)
    assert client.get(url, headers=auth(other)).status_code == 404
    assert client.delete(url, headers=auth(other)).status_code == 404
    assert upload(client, draft, other, PDF).status_code == 404
    assert client.get(url).status_code == 401
    assert ApplicationDocument.objects.count() == 1
