#!/usr/bin/env python3
"""Verify an extract of the register offline: verify_extract.py EXTRACT.pdf KEYS

KEYS is the register's /.well-known/register-extract-keys.json: a saved copy or its URL.
Needs only `cryptography` and `pypdf`. Exit status 0 when genuine, 1 when not.
"""
import base64
import hashlib
import json
import sys
import urllib.request

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pypdf import PdfReader


def load_keys(source):
    if source.startswith(("https://", "http://")):
        with urllib.request.urlopen(source, timeout=30) as response:
            document = json.load(response)
    else:
        with open(source, encoding="utf-8") as handle:
            document = json.load(handle)
    raws = [base64.b64decode(key["public_key"]) for key in document["keys"]]
    # A key id is the first 16 hex digits of SHA-256 over the raw public key.
    return {hashlib.sha256(raw).hexdigest()[:16]: Ed25519PublicKey.from_public_bytes(raw)
            for raw in raws}


def verify(pdf_path, keys):
    try:
        attached = PdfReader(pdf_path).attachments
        content = attached["extract.json"][0]
        envelope = json.loads(attached["extract-signature.json"][0])
        key = keys[envelope["key_id"]]
    except Exception as error:  # not a PDF, no signed content in it, or a key not published
        sys.exit(f"NOT GENUINE: nothing verifiable ({type(error).__name__}: {error})")
    try:
        key.verify(base64.b64decode(envelope["signature"]), content)
    except (InvalidSignature, ValueError):
        sys.exit("NOT GENUINE: the signature does not match the content")
    data = json.loads(content)
    print(f"GENUINE: extract {data['extract_id']} of entry {data['entry']['registry_number']}"
          f" ({data['entry']['part_number']}), issued {data['issued_at']},"
          f" status then: {data['status']['code']}; key {envelope['key_id']}")
    print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    verify(sys.argv[1], load_keys(sys.argv[2]))
