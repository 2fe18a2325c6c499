"""Key management: where the signing key comes from, key ids, published and retired keys."""

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ImproperlyConfigured

from registry.extracts import checks, keys
from tests.extracts.conftest import SIGNING_KEY


def raw_public(private_key):
    return keys.raw_public_bytes(private_key.public_key())


def test_key_id_is_a_prefix_of_the_sha256_of_the_raw_public_key():
    expected = hashlib.sha256(raw_public(SIGNING_KEY)).hexdigest()[:16]
    assert keys.key_id_of(SIGNING_KEY.public_key()) == expected
    assert list(keys.published_keys()) == [expected]


def test_the_key_comes_from_a_pem_file(settings, tmp_path):
    other = Ed25519PrivateKey.generate()
    path = tmp_path / "signing.pem"
    path.write_bytes(other.private_bytes(serialization.Encoding.PEM,
                                         serialization.PrivateFormat.PKCS8,
                                         serialization.NoEncryption()))
    settings.EXTRACT_SIGNING_KEY = ""
    settings.EXTRACT_SIGNING_KEY_FILE = str(path)
    assert keys.signing_key().public_key() == other.public_key()


def test_development_generates_a_key_once_and_keeps_it_private(settings, tmp_path):
    settings.EXTRACT_SIGNING_KEY = ""
    settings.EXTRACT_DEVELOPMENT_KEY_FILE = tmp_path / "var" / "extract-signing-key"
    first = keys.signing_key()
    assert settings.EXTRACT_DEVELOPMENT_KEY_FILE.stat().st_mode & 0o077 == 0
    keys._load_signing_key.cache_clear()
    assert keys.signing_key().public_key() == first.public_key()


def test_no_key_in_production_is_an_error_not_a_silent_new_key(settings):
    settings.EXTRACT_SIGNING_KEY = ""
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured):
        keys.signing_key()
    assert [error.id for error in checks.production_has_a_signing_key()] == ["extracts.E001"]
    assert checks.signing_key_loads() == []  # ordinary commands (migrate) still run


@pytest.mark.parametrize("value", [
    "not base64!", base64.b64encode(b"short").decode(),
    "-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----",
])
def test_a_malformed_key_is_reported_by_the_system_checks(settings, value):
    settings.EXTRACT_SIGNING_KEY = value
    assert [error.id for error in checks.signing_key_loads()] == ["extracts.E002"]


def test_a_missing_key_file_is_reported(settings, tmp_path):
    settings.EXTRACT_SIGNING_KEY = ""
    settings.EXTRACT_SIGNING_KEY_FILE = str(tmp_path / "absent.key")
    assert [error.id for error in checks.signing_key_loads()] == ["extracts.E002"]


def test_retired_keys_stay_published_after_the_current_one(settings):
    retired = Ed25519PrivateKey.generate()
    settings.EXTRACT_RETIRED_PUBLIC_KEYS = [base64.b64encode(raw_public(retired)).decode()]
    document = keys.keys_document()
    assert [(k["status"], k["key_id"]) for k in document["keys"]] == [
        ("current", keys.key_id_of(SIGNING_KEY.public_key())),
        ("retired", keys.key_id_of(retired.public_key())),
    ]
    assert set(keys.public_keys_from_document(document)) == {k["key_id"]
                                                              for k in document["keys"]}


def test_a_keys_document_entry_whose_id_does_not_match_its_key_is_ignored():
    document = keys.keys_document()
    document["keys"][0]["key_id"] = "0000000000000000"
    assert keys.public_keys_from_document(document) == {}


def test_the_well_known_url_publishes_the_keys_for_anyone(client, settings):
    retired = Ed25519PrivateKey.generate()
    settings.EXTRACT_RETIRED_PUBLIC_KEYS = [base64.b64encode(raw_public(retired)).decode()]
    response = client.get("/.well-known/register-extract-keys.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    assert body["algorithm"] == "Ed25519"
    published = {k["key_id"]: base64.b64decode(k["public_key"]) for k in body["keys"]}
    assert published == {
        keys.key_id_of(SIGNING_KEY.public_key()): raw_public(SIGNING_KEY),
        keys.key_id_of(retired.public_key()): raw_public(retired),
    }
    pem = body["keys"][0]["public_key_pem"].encode()
    assert serialization.load_pem_public_key(pem) == SIGNING_KEY.public_key()
