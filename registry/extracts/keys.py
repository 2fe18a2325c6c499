"""The register's Ed25519 signing key and the public keys it publishes.

The private key comes from EXTRACT_SIGNING_KEY (base64 of the 32-byte seed) or from the file
named by EXTRACT_SIGNING_KEY_FILE (PEM PKCS#8, or the base64 seed). In development, when neither
is set, one is generated once and kept in var/ so that extracts survive a restart.

A key id is the first 16 hex digits of SHA-256 over the 32-byte raw public key. The public keys
of earlier signing keys (EXTRACT_RETIRED_PUBLIC_KEYS) stay published, so that extracts signed
before a rotation still verify; a compromised key is revoked by no longer publishing it.
"""

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from . import certificate

ALGORITHM = "Ed25519"
KEY_ID_RULE = "first 16 hex digits of SHA-256 over the 32-byte raw Ed25519 public key"
CURRENT, RETIRED = "current", "retired"


@dataclass(frozen=True)
class PublishedKey:
    key_id: str
    public_key: Ed25519PublicKey
    status: str

    @property
    def raw_base64(self):
        return base64.b64encode(raw_public_bytes(self.public_key)).decode("ascii")

    @property
    def pem(self):
        return self.public_key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo,
        ).decode("ascii")


def raw_public_bytes(public_key):
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id_of(public_key):
    return hashlib.sha256(raw_public_bytes(public_key)).hexdigest()[:16]


def _base64_bytes(text, size, what):
    try:
        value = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"The {what} is not valid base64.") from None
    if len(value) != size:
        raise ImproperlyConfigured(f"The {what} must be {size} bytes, not {len(value)}.")
    return value


def parse_private_key(text):
    """An Ed25519 private key from PEM (PKCS#8) or from base64 of its 32-byte seed."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_private_key(text.encode("ascii"), password=None)
        except (ValueError, TypeError) as error:
            raise ImproperlyConfigured(f"The extract signing key cannot be read: {error}") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise ImproperlyConfigured("The extract signing key must be an Ed25519 key.")
        return key
    return Ed25519PrivateKey.from_private_bytes(
        _base64_bytes(text, 32, "extract signing key"))


def parse_public_key(text):
    """An Ed25519 public key from PEM or from base64 of its 32 raw bytes."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_public_key(text.encode("ascii"))
        except (ValueError, TypeError) as error:
            raise ImproperlyConfigured(f"A retired public key cannot be read: {error}") from None
        if not isinstance(key, Ed25519PublicKey):
            raise ImproperlyConfigured("A retired public key must be an Ed25519 key.")
        return key
    return Ed25519PublicKey.from_public_bytes(_base64_bytes(text, 32, "retired public key"))


def seed_base64(private_key):
    raw = private_key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    return base64.b64encode(raw).decode("ascii")


def is_configured():
    return bool(settings.EXTRACT_SIGNING_KEY or settings.EXTRACT_SIGNING_KEY_FILE)


def signing_key():
    return _load_signing_key(
        settings.EXTRACT_SIGNING_KEY, settings.EXTRACT_SIGNING_KEY_FILE,
        settings.EXTRACT_DEVELOPMENT_KEY_FILE,
    )


@lru_cache(maxsize=8)
def _load_signing_key(inline, path, development_path):
    if inline:
        return parse_private_key(inline)
    if path:
        try:
            return parse_private_key(Path(path).read_text(encoding="ascii"))
        except (OSError, UnicodeDecodeError) as error:
            raise ImproperlyConfigured(
                f"EXTRACT_SIGNING_KEY_FILE cannot be read: {error}") from None
    if development_path:
        return _development_key(Path(development_path))
    raise ImproperlyConfigured(
        "Set EXTRACT_SIGNING_KEY or EXTRACT_SIGNING_KEY_FILE to issue register extracts.")


def _development_key(path):
    """Generated once, readable by its owner only; a second process reads the first one's key."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        seed = seed_base64(Ed25519PrivateKey.generate())
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "w", encoding="ascii") as handle:
                handle.write(seed + "\n")
    return parse_private_key(path.read_text(encoding="ascii"))


def published_keys():
    """{key id: PublishedKey}: the current key first, then the retired ones."""
    current = signing_key().public_key()
    keys = {key_id_of(current): PublishedKey(key_id_of(current), current, CURRENT)}
    for text in settings.EXTRACT_RETIRED_PUBLIC_KEYS:
        public_key = parse_public_key(text)
        keys.setdefault(key_id_of(public_key),
                        PublishedKey(key_id_of(public_key), public_key, RETIRED))
    return keys


def keys_document():
    """The JSON published at /.well-known/register-extract-keys.json."""
    pdf_certificate = certificate.credentials().certificate
    return {
        "algorithm": ALGORITHM,
        "key_id_rule": KEY_ID_RULE,
        "keys": [
            {
                "key_id": key.key_id,
                "algorithm": ALGORITHM,
                "status": key.status,
                "public_key": key.raw_base64,
                "public_key_pem": key.pem,
            }
            for key in published_keys().values()
        ],
        # The certificate of the standard PDF signature, for readers that check the file too.
        "pdf_certificates": [
            {
                "subject": certificate.common_name(pdf_certificate),
                "fingerprint_sha256": certificate.fingerprint(pdf_certificate),
                "certificate_pem": pdf_certificate.public_bytes(
                    serialization.Encoding.PEM).decode("ascii"),
            },
        ],
    }


def certificates_from_document(document):
    """The PDF signing certificates a keys document publishes (none in an older copy)."""
    found = []
    for entry in document.get("pdf_certificates", []):
        try:
            found.append(x509.load_pem_x509_certificate(entry["certificate_pem"].encode("ascii")))
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
    return found


def public_keys_from_document(document):
    """{key id: Ed25519PublicKey} from a keys document, checking each id against its key."""
    keys = {}
    for entry in document.get("keys", []):
        public_key = parse_public_key(entry["public_key"])
        if key_id_of(public_key) == entry.get("key_id"):
            keys[entry["key_id"]] = public_key
    return keys
