"""The standard PDF signature of an extract (PAdES baseline B, with pyHanko).

It covers the whole file: the visible page and the attached signed content. A PDF reader shows
who signed it and that nothing changed since; the offline Ed25519 check (verification.py) covers
only the attached content, so a page redrawn around genuine attachments passes it and fails here.
"""

import io
import logging
from dataclasses import dataclass

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from . import certificate

FIELD_NAME = "RegisterSignature"
REASON = "Extract from the Unified Register of Microelectronic Products"


def _asn1_certificate(cert):
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _signer(credentials):
    key_der = credentials.private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return signers.SimpleSigner(
        signing_cert=_asn1_certificate(credentials.certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs(
            [_asn1_certificate(cert) for cert in credentials.chain]),
    )


def sign(pdf, credentials=None):
    """The PDF with a PAdES signature over all of it, appended as an incremental update."""
    credentials = credentials or certificate.credentials()
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256", reason=REASON, name=certificate.SIGNER_NAME,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    return signers.sign_pdf(writer, metadata, signer=_signer(credentials)).getvalue()


@dataclass(frozen=True)
class PdfSignatureCheck:
    """What a PDF reader would say. `problem` is empty when the signature holds."""

    problem: str = ""
    signer: str = ""
    fingerprint: str = ""

    @property
    def holds(self):
        return not self.problem


UNSIGNED, ALTERED, UNKNOWN_SIGNER = "page_unsigned", "page_altered", "unknown_certificate"


def check(pdf, trusted_certificates):
    """Is the file exactly as signed by one of `trusted_certificates` (cryptography x509)?"""
    try:
        with _quiet_validator():
            signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    except Exception:  # a damaged file breaks the parser in many ways; all mean the same
        return PdfSignatureCheck(UNSIGNED)
    if len(signatures) != 1:
        return PdfSignatureCheck(UNSIGNED if not signatures else ALTERED)
    try:
        signer = signatures[0].signer_cert
        found = certificate.fingerprint_der(signer.dump())
        name = signer.subject.native.get("common_name", "")
    except Exception:  # a signature dictionary without a readable CMS signer
        return PdfSignatureCheck(ALTERED)
    trusted = {certificate.fingerprint(cert): cert for cert in trusted_certificates}
    if found not in trusted:
        return PdfSignatureCheck(UNKNOWN_SIGNER, name, found)
    context = ValidationContext(trust_roots=[_asn1_certificate(trusted[found])],
                                allow_fetching=False, revocation_mode="soft-fail")
    try:
        with _quiet_validator():
            status = validate_pdf_signature(signatures[0], context)
    except Exception:  # a forged or damaged signature is refused, however pyHanko trips on it
        return PdfSignatureCheck(ALTERED, name, found)
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    if not (status.intact and status.valid and whole):
        return PdfSignatureCheck(ALTERED, name, found)
    return PdfSignatureCheck("", name, found)


class _quiet_validator:
    """A broken signature is reported in the verdict; pyHanko's own warnings are noise."""

    def __enter__(self):
        self.logger = logging.getLogger("pyhanko")
        self.level = self.logger.level
        self.logger.setLevel(logging.ERROR)

    def __exit__(self, *exc):
        self.logger.setLevel(self.level)
