"""The standard PDF signature (PAdES) of extracts: what any PDF reader checks.

A forger keeps the genuine attachments (so the Ed25519 check passes) and changes the visible
page; the PDF signature over the whole file is what catches it.
"""

import io

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.core.management import CommandError, call_command
from django.utils import translation
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader, PdfWriter

from registry.extracts import attachments, certificate, checks, keys, pades, verification
from tests.extracts.conftest import PDF_CREDENTIALS, pdf_text
from tests.extracts.pdfs import with_payload

pytestmark = pytest.mark.django_db

SHOWN, FORGED = b"UR-2025-000001", b"UR-2025-000007"


@pytest.fixture
def genuine(issue, entry):
    return issue(entry).content


def reader_verdict(pdf):
    """What pyHanko itself says, trusting the register's certificate as a reader would."""
    signatures = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    assert len(signatures) == 1
    root = asn1_x509.Certificate.load(
        PDF_CREDENTIALS.certificate.public_bytes(serialization.Encoding.DER))
    context = ValidationContext(trust_roots=[root], allow_fetching=False)
    return signatures[0], validate_pdf_signature(signatures[0], context)


def forged_page_in_an_update(pdf):
    """The registry number on the page changed in an incremental update, as an editor saves."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page_ref, _resources = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    data = page["/Contents"].data
    assert SHOWN in data
    page["/Contents"] = writer.add_object(
        generic.StreamObject(stream_data=data.replace(SHOWN, FORGED)))
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def forged_page_rewritten(pdf):
    """The whole file rewritten with the page changed, signature dictionary and attachments kept."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    contents = writer.pages[0].get_contents()
    data = contents.get_data()
    assert SHOWN in data
    contents.set_data(data.replace(SHOWN, FORGED))
    writer.pages[0].replace_contents(contents)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_an_issued_extract_carries_a_pades_signature_over_the_whole_file(genuine):
    embedded, status = reader_verdict(genuine)
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert embedded.signer_cert.subject.native["common_name"] == (
        "Unified Register of Microelectronic Products")


def test_both_signatures_hold_on_an_untouched_extract(genuine):
    verdict = verification.verify_pdf(genuine)
    assert verdict.genuine, verdict.problem
    assert verdict.pdf_signature.signer == certificate.SIGNER_NAME
    assert verdict.pdf_signature.fingerprint == certificate.fingerprint(
        PDF_CREDENTIALS.certificate)


@pytest.mark.parametrize("forge", [forged_page_in_an_update, forged_page_rewritten])
def test_a_changed_visible_character_fails_the_pdf_signature(genuine, forge):
    forged = forge(genuine)
    assert "UR-2025-000007" in pdf_text(forged)  # what the reader now shows
    assert verification.verify(*attachments.read(forged), verification.register_keys()).genuine
    verdict = verification.verify_pdf(forged)
    assert not verdict.genuine
    assert verdict.problem == pades.ALTERED
    with translation.override("en"):
        assert "changed after the register signed it" in str(verdict.message)


def test_the_reader_sees_the_update_does_not_belong_to_the_signature(genuine):
    _embedded, status = reader_verdict(forged_page_in_an_update(genuine))
    assert status.coverage != SignatureCoverageLevel.ENTIRE_FILE


def test_a_page_stripped_of_its_pdf_signature_is_not_genuine(genuine):
    content, envelope = attachments.read(genuine)
    verdict = verification.verify_pdf(with_payload(genuine, content, envelope))
    assert (verdict.genuine, verdict.problem) == (False, pades.UNSIGNED)


def test_a_signature_by_another_certificate_is_not_the_registers(genuine):
    content, envelope = attachments.read(genuine)
    resigned = pades.sign(with_payload(genuine, content, envelope), certificate.generate())
    verdict = verification.verify_pdf(resigned)
    assert (verdict.genuine, verdict.problem) == (False, pades.UNKNOWN_SIGNER)


def test_the_command_reports_the_pdf_signature(genuine, tmp_path):
    path = tmp_path / "extract.pdf"
    path.write_bytes(genuine)
    out = io.StringIO()
    call_command("verify_extract", str(path), stdout=out)
    assert ("PDF signature: valid, covers the whole file, signed by "
            "'Unified Register of Microelectronic Products'") in out.getvalue()
    path.write_bytes(forged_page_in_an_update(genuine))
    with pytest.raises(CommandError, match="NOT GENUINE: The file was changed after") as raised:
        call_command("verify_extract", str(path), stdout=io.StringIO())
    assert certificate.fingerprint(PDF_CREDENTIALS.certificate) in str(raised.value)


def test_a_saved_keys_file_carries_the_pdf_certificate(genuine, tmp_path):
    document = keys.keys_document()
    [published] = document["pdf_certificates"]
    assert published["subject"] == certificate.SIGNER_NAME
    assert published["fingerprint_sha256"] == certificate.fingerprint(PDF_CREDENTIALS.certificate)
    verdict = verification.verify_pdf(genuine, keys.public_keys_from_document(document),
                                      keys.certificates_from_document(document))
    assert verdict.genuine
    older_copy = {**document, "pdf_certificates": []}
    verdict = verification.verify_pdf(genuine, keys.public_keys_from_document(older_copy),
                                      keys.certificates_from_document(older_copy))
    assert verdict.problem == pades.UNKNOWN_SIGNER


def test_development_issues_itself_one_certificate_and_keeps_it(settings, tmp_path):
    settings.EXTRACT_PDF_KEY_FILE = settings.EXTRACT_PDF_CERTIFICATE_FILE = ""
    settings.EXTRACT_DEVELOPMENT_PDF_KEY_FILE = tmp_path / "var" / "extract-pdf-signing.pem"
    first = certificate.credentials().certificate
    certificate._load.cache_clear()
    assert certificate.credentials().certificate == first
    assert certificate.common_name(first) == certificate.SIGNER_NAME
    assert (settings.EXTRACT_DEVELOPMENT_PDF_KEY_FILE.stat().st_mode & 0o777) == 0o600


def test_production_without_a_pdf_certificate_fails_the_deploy_check(settings):
    settings.EXTRACT_PDF_KEY_FILE = settings.EXTRACT_PDF_CERTIFICATE_FILE = ""
    settings.PRODUCTION = True
    assert [e.id for e in checks.production_has_a_pdf_certificate()] == ["extracts.E003"]
    assert checks.pdf_certificate_loads() == []


def test_a_certificate_that_is_not_the_keys_is_reported(settings, tmp_path):
    other = tmp_path / "other.pem"
    other.write_bytes(certificate.pem_bundle(certificate.generate()))
    settings.EXTRACT_PDF_CERTIFICATE_FILE = str(other)
    [error] = checks.pdf_certificate_loads()
    assert error.id == "extracts.E004" and "is not the PDF signing key's" in error.msg


def test_one_byte_changed_in_place_fails_the_pdf_signature(genuine):
    """Same length, same offsets: only the signature's digest can tell."""
    title = genuine.rindex(b"/Title (")  # the title a reader's window shows: UR-… becomes VR-…
    at = genuine.index(b"\\000U\\000R", title) + len(b"\\000")
    forged = genuine[:at] + b"V" + genuine[at + 1:]
    assert len(forged) == len(genuine)
    assert PdfReader(io.BytesIO(forged)).metadata.title.endswith("VR-2025-000001")
    assert verification.verify_pdf(forged).problem == pades.ALTERED


def test_a_damaged_signature_value_fails_the_pdf_signature(genuine):
    contents = genuine.index(b"/Contents <") + len(b"/Contents <") + 200
    digit = b"0" if genuine[contents:contents + 1] != b"0" else b"1"
    forged = genuine[:contents] + digit + genuine[contents + 1:]
    assert verification.verify_pdf(forged).problem == pades.ALTERED


def test_extract_keys_makes_a_pdf_key_certificate_and_request(settings, tmp_path, entry, issue):
    path = tmp_path / "pdf-signing.pem"
    out = io.StringIO()
    call_command("extract_keys", "--generate-pdf", str(path), stdout=out)
    assert path.stat().st_mode & 0o777 == 0o600
    request = x509.load_pem_x509_csr(out.getvalue().split("\n", 2)[2].encode())
    settings.EXTRACT_PDF_KEY_FILE = settings.EXTRACT_PDF_CERTIFICATE_FILE = str(path)
    credentials = certificate.credentials()
    assert request.public_key().public_numbers() == \
        credentials.private_key.public_key().public_numbers()
    verdict = verification.verify_pdf(issue(entry).content)
    assert verdict.genuine and verdict.pdf_signature.fingerprint == certificate.fingerprint(
        credentials.certificate)
    with pytest.raises(CommandError, match="Cannot create"):
        call_command("extract_keys", "--generate-pdf", str(path), stdout=io.StringIO())
