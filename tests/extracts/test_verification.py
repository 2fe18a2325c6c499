"""Verification: genuine extracts pass; any change to content, signature or key fails."""

import base64
import datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from registry.extracts import attachments, keys
from registry.extracts.content import canonical_bytes
from registry.extracts.models import Extract
from registry.extracts.verification import verify_pdf, verify_record
from tests.extracts.conftest import exclude
from tests.extracts.pdfs import with_payload, without_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def pdf(issue, entry):
    return issue(entry).content


@pytest.fixture
def payload(pdf):
    return attachments.read(pdf)


def test_a_genuine_extract_verifies(pdf):
    verdict = verify_pdf(pdf)
    assert verdict.genuine
    assert verdict.content["entry"]["registry_number"] == "UR-2025-000001"
    assert verdict.key_id == keys.key_id_of(keys.signing_key().public_key())


def test_one_changed_byte_of_the_content_fails(pdf, payload):
    content, envelope = payload
    forged = content.replace(b"UR-2025-000001", b"UR-2025-000002")
    verdict = verify_pdf(with_payload(pdf, forged, envelope))
    assert (verdict.genuine, verdict.problem) == (False, "bad_signature")


def test_a_changed_status_fails(pdf, payload, entry):
    content, envelope = payload
    exclude(entry)
    forged = content.replace(b'"code":"registered"', b'"code":"suspended"')
    assert forged != content
    assert verify_pdf(with_payload(pdf, forged, envelope)).problem == "bad_signature"


def test_one_changed_byte_of_the_signature_fails(pdf, payload):
    content, envelope = payload
    signature = bytearray(base64.b64decode(envelope["signature"]))
    signature[10] ^= 0x01
    forged = {**envelope, "signature": base64.b64encode(bytes(signature)).decode()}
    assert verify_pdf(with_payload(pdf, content, forged)).problem == "bad_signature"


def test_a_signature_by_another_key_fails(pdf, payload):
    content, envelope = payload
    other = Ed25519PrivateKey.generate()
    resigned = base64.b64encode(other.sign(content)).decode()
    # Under the register's key id, the signature does not match the register's key ...
    same_id = {**envelope, "signature": resigned}
    assert verify_pdf(with_payload(pdf, content, same_id)).problem == "bad_signature"
    # ... and under its own key id, the key is not one the register publishes.
    own_id = {**envelope, "signature": resigned, "key_id": keys.key_id_of(other.public_key())}
    assert verify_pdf(with_payload(pdf, content, own_id)).problem == "unknown_key"


def test_a_byte_flipped_in_the_file_itself_fails(pdf):
    at = pdf.index(b'"registry_number":"UR-2025-000001"') + len('"registry_number":"UR-2025-00000')
    flipped = pdf[:at] + b"7" + pdf[at + 1:]
    assert not verify_pdf(flipped).genuine


def test_content_that_is_signed_but_not_canonical_fails(pdf, payload):
    content, envelope = payload
    spaced = content.replace(b'","', b'", "', 1)
    signer = Ed25519PrivateKey.generate()

    verdict = verify_pdf(
        with_payload(pdf, spaced, {**envelope, "key_id": keys.key_id_of(signer.public_key()),
                                   "signature": base64.b64encode(signer.sign(spaced)).decode()}),
        public_keys={keys.key_id_of(signer.public_key()): signer.public_key()},
    )
    assert verdict.problem == "not_canonical"


@pytest.mark.parametrize("envelope", [
    {}, {"algorithm": "RSA", "key_id": "x", "signature": "AAAA"},
    {"algorithm": "Ed25519", "key_id": 5, "signature": "AAAA"},
    {"algorithm": "Ed25519", "key_id": "x", "signature": "not base64!"},
    {"algorithm": "Ed25519", "key_id": "x", "signature": base64.b64encode(b"short").decode()},
])
def test_a_malformed_signature_fails(pdf, payload, envelope):
    assert verify_pdf(with_payload(pdf, payload[0], envelope)).problem == "malformed_signature"


@pytest.mark.parametrize("damage", [
    lambda pdf: without_payload(pdf),
    lambda pdf: pdf[: len(pdf) // 2],
    lambda pdf: b"",
    lambda pdf: b"%PDF-1.7\n" + b"\x00" * 100,
    lambda pdf: attachments.embed(pdf, b"{}", {}),  # a second payload beside the first
])
def test_a_file_without_a_readable_payload_fails_cleanly(pdf, damage):
    verdict = verify_pdf(damage(pdf))
    assert (verdict.genuine, verdict.problem) == (False, "unreadable_file")


def test_a_retired_key_still_verifies_and_a_revoked_one_does_not(pdf, settings):
    old_public = base64.b64encode(keys.raw_public_bytes(keys.signing_key().public_key()))
    settings.EXTRACT_SIGNING_KEY = keys.seed_base64(Ed25519PrivateKey.generate())
    assert verify_pdf(pdf).problem == "unknown_key"  # revoked: no longer published
    settings.EXTRACT_RETIRED_PUBLIC_KEYS = [old_public.decode()]
    assert verify_pdf(pdf).genuine  # retired: still published


def test_a_record_whose_stored_content_was_altered_is_not_genuine(issue, entry):
    issue(entry)
    extract = Extract.objects.get()
    assert verify_record(extract).genuine
    extract.content = extract.content.replace("UR-2025-000001", "UR-2025-000009")
    assert verify_record(extract).problem == "bad_signature"


def test_a_record_signed_for_another_id_is_not_genuine(issue, entry):
    issue(entry)
    extract = Extract.objects.get()
    extract.code = "0" * 16
    assert verify_record(extract).problem == "id_mismatch"


# --- The verification page ----------------------------------------------------------------------

def page(client, code, language="en"):
    return client.get(f"/verify/{code}/", headers={"accept-language": language})


def test_the_page_confirms_a_genuine_extract_and_shows_what_it_said(client, issue, entry):
    issue(entry)
    extract = Extract.objects.get()
    response = page(client, extract.code)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html  # the site's own look
    assert "Genuine extract" in html
    assert "UR-2025-000001" in html and "К1986ВЕ92QI" in html
    assert "Milandr JSC" in html
    assert "The entry's data are still as the extract states them." in html
    assert "The status has changed" not in html


def test_an_extract_issued_before_exclusion_is_genuine_and_says_the_entry_is_excluded_now(
        client, issue, entry):
    issue(entry)
    exclude(entry, day=datetime.date(2026, 6, 1))
    extract = Extract.objects.get()
    html = page(client, extract.code).content.decode()
    assert "Genuine extract" in html
    assert ("The status has changed since the extract was issued: the extract says "
            "“Registered”, the entry is now “Excluded”.") in html
    assert "The product is registered in the register." in html  # what it said
    assert "The product was excluded from the register on June 1, 2026." in html  # now
    assert "Reason: false data." in html
    russian = page(client, extract.code, "ru").content.decode()
    assert "Выписка подлинная" in russian
    assert "в выписке — «Зарегистрирована», сейчас запись — «Исключена»" in russian


def test_an_extract_of_an_excluded_entry_verifies_and_shows_the_exclusion(client, issue, entry):
    exclude(entry)
    pdf = issue(entry).content
    assert verify_pdf(pdf).genuine
    html = page(client, Extract.objects.get().code).content.decode()
    assert "Genuine extract" in html
    assert "status-box status-excluded" in html
    assert "The status has changed" not in html


def test_the_page_names_what_changed_since_issue(client, issue, entry):
    issue(entry)
    entry.name_en = "Renamed microcontroller"
    entry.save()
    entry.manufacturer.name_ru = "АО «Новое имя»"
    entry.manufacturer.save()
    html = page(client, Extract.objects.get().code).content.decode()
    assert "Changed since the extract was issued: Manufacturer, Name (English)." in html


def test_the_page_warns_when_the_register_cannot_confirm_its_own_record(client, entry):
    forged = Extract.objects.create(
        code="7K3MQ9XA2D4FHT8B", product=entry, issued_at=datetime.datetime.now(datetime.UTC),
        language="ru", content=canonical_bytes({"schema": "x"}).decode(),
        signature=base64.b64encode(b"\x00" * 64).decode(), key_id="0000000000000000")
    html = page(client, forged.code).content.decode()
    assert "The register cannot confirm this extract" in html
    assert "signed with a key the register does not publish" in html
    assert "Genuine extract" not in html


def test_a_typed_id_is_normalised_to_the_canonical_address(client, issue, entry):
    issue(entry)
    code = Extract.objects.get().code
    typed = f"{code[:4]}-{code[4:8]}-{code[8:12]}-{code[12:]}".lower()
    response = client.get(f"/verify/{typed}/")
    assert response.status_code == 301
    assert response["Location"] == f"/verify/{code}/"
    lookup = client.get("/verify/", {"id": typed})
    assert (lookup.status_code, lookup["Location"]) == (302, f"/verify/{code}/")


@pytest.mark.parametrize("code", ["7K3MQ9XA2D4FHT8B", "0000000000000000", "short", "x" * 64,
                                  "UUUUUUUUUUUUUUUU"])
def test_an_unknown_extract_id_is_a_404_page_in_the_sites_look(client, code):
    response = page(client, code)
    assert response.status_code == 404
    assert "No such extract" in response.content.decode()
    assert client.get(f"/verify/{code}.json").status_code == 404


@pytest.mark.parametrize("path", [
    "/verify/%27%20OR%201%3D1/", "/verify/" + "A" * 65 + "/", "/verify/%00/",
    "/verify/%D0%9A%D0%9A/", "/verify/../../etc/passwd", "/verify/?id=%27%3B--",
    "/verify/?id=" + "A" * 5000, "/verify/.json", "/.well-known/register-extract-keys.json?x=1",
])
def test_hostile_verification_requests_never_fail_the_server(client, path):
    assert client.get(path).status_code in {200, 301, 302, 400, 404}


def test_the_lookup_form_explains_a_wrong_id(client):
    response = client.get("/verify/", {"id": "nonsense"}, headers={"accept-language": "en"})
    assert response.status_code == 400
    assert "An extract id has 16 letters and digits" in response.content.decode()
    assert client.get("/verify/").status_code == 200


def test_the_json_variant_gives_machines_the_verdict_and_the_status_now(client, issue, entry):
    issue(entry)
    exclude(entry)
    extract = Extract.objects.get()
    body = client.get(f"/verify/{extract.code}.json").json()
    assert body["genuine"] is True and body["problem"] is None
    assert body["content"]["status"]["code"] == "registered"
    assert body["entry_now"]["status"]["code"] == "excluded"
    assert body["entry_now"]["url"] == "http://testserver/products/UR-2025-000001/"
    assert body["status_changed"] is True
    assert body["signed_content"] == extract.content
    signature = base64.b64decode(body["signature"]["signature"])
    keys.signing_key().public_key().verify(signature, body["signed_content"].encode())


def test_the_verification_page_runs_one_query(client, issue, entry, django_assert_num_queries):
    issue(entry)
    code = Extract.objects.get().code
    with django_assert_num_queries(1):
        assert client.get(f"/verify/{code}/").status_code == 200
