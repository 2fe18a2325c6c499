"""The register's certificate and key for the standard PDF signature (PAdES) of extracts.

PDF readers trust an X.509 certificate, not a bare Ed25519 key, and few of them handle Ed25519
certificates; so this is a separate RSA-2048 key with its certificate. Production names both
files (EXTRACT_PDF_KEY_FILE: PEM PKCS#8 private key; EXTRACT_PDF_CERTIFICATE_FILE: PEM
certificate, optionally followed by the issuing chain). Development generates a key and a
self-issued certificate once, kept in var/ like the Ed25519 key.
"""

import datetime
import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SIGNER_NAME = "Unified Register of Microelectronic Products"
DEVELOPMENT_VALIDITY = datetime.timedelta(days=10 * 365)


@dataclass(frozen=True)
class Credentials:
    private_key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()

    @property
    def certificate_pem(self):
        return self.certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


def fingerprint(certificate):
    """SHA-256 over the DER certificate, in hex: how a reader's dialog names a certificate."""
    return fingerprint_der(certificate.public_bytes(serialization.Encoding.DER))


def fingerprint_der(der):
    return hashlib.sha256(der).hexdigest()


def common_name(certificate):
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return names[0].value if names else ""


def is_configured():
    return bool(settings.EXTRACT_PDF_KEY_FILE and settings.EXTRACT_PDF_CERTIFICATE_FILE)


def credentials():
    return _load(settings.EXTRACT_PDF_KEY_FILE, settings.EXTRACT_PDF_CERTIFICATE_FILE,
                 settings.EXTRACT_DEVELOPMENT_PDF_KEY_FILE)


@lru_cache(maxsize=8)
def _load(key_path, certificate_path, development_path):
    if key_path or certificate_path:
        if not (key_path and certificate_path):
            raise ImproperlyConfigured(
                "Set both EXTRACT_PDF_KEY_FILE and EXTRACT_PDF_CERTIFICATE_FILE.")
        return _read(Path(key_path), Path(certificate_path))
    if development_path:
        return _development(Path(development_path))
    raise ImproperlyConfigured(
        "Set EXTRACT_PDF_KEY_FILE and EXTRACT_PDF_CERTIFICATE_FILE to sign register extracts "
        "as PDF documents.")


def _read(key_path, certificate_path):
    try:
        key_pem, certificate_pem = key_path.read_bytes(), certificate_path.read_bytes()
    except OSError as error:
        raise ImproperlyConfigured(f"The PDF signing key or certificate cannot be read: {error}"
                                   ) from None
    try:
        private_key = serialization.load_pem_private_key(key_pem, password=None)
        certificates = x509.load_pem_x509_certificates(certificate_pem)
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            f"The PDF signing key or certificate is not valid PEM: {error}") from None
    if not isinstance(private_key, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey)):
        raise ImproperlyConfigured("The PDF signing key must be an RSA or ECDSA key.")
    certificate, *chain = certificates
    if certificate.public_key().public_numbers() != private_key.public_key().public_numbers():
        raise ImproperlyConfigured(
            "The first certificate in EXTRACT_PDF_CERTIFICATE_FILE is not the PDF signing "
            "key's.")
    return Credentials(private_key, certificate, tuple(chain))


def self_issued(private_key, now=None):
    """A self-issued certificate for signing documents in the register's name."""
    now = now or datetime.datetime.now(datetime.UTC)
    name = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, SIGNER_NAME),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, SIGNER_NAME),
    ])
    usage = x509.KeyUsage(
        digital_signature=True, content_commitment=True, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
        encipher_only=False, decipher_only=False,
    )
    return (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name)
        .public_key(private_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + DEVELOPMENT_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .sign(private_key, hashes.SHA256())
    )


def generate():
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return Credentials(private_key, self_issued(private_key))


def pem_bundle(credentials):
    """The key and certificate in one PEM file, as development keeps them."""
    key = credentials.private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return key + credentials.certificate.public_bytes(serialization.Encoding.PEM)


def _development(path):
    """Generated once, readable by its owner only; a second process reads the first one's."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(pem_bundle(generate()))
    return _read(path, path)
