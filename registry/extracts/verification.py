"""Is an extract genuine? The same checks for a row of the register and for a PDF file."""

import base64
import binascii
import json
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from django.utils.translation import gettext_lazy as _

from . import attachments, certificate, keys, pades
from .content import SCHEMA, canonical_bytes

PROBLEMS = {
    "unreadable_file": _("The file carries no readable signed content of a register extract."),
    "malformed_signature": _("The signature is missing or malformed."),
    "unknown_key": _("The extract was signed with a key the register does not publish."),
    "bad_signature": _(
        "The signature does not match the content: the extract was altered or is forged."),
    "malformed_content": _("The signed content is not a register extract."),
    "not_canonical": _("The signed content is not in canonical form."),
    "id_mismatch": _("The signed content belongs to another extract."),
    pades.UNSIGNED: _(
        "The file carries no PDF signature of the register, so its visible page is not "
        "protected: it may not show what was signed."),
    pades.ALTERED: _(
        "The file was changed after the register signed it: its visible page may not show "
        "what was signed."),
    pades.UNKNOWN_SIGNER: _(
        "The file's PDF signature was made with a certificate the register does not publish."),
}


@dataclass
class Verdict:
    genuine: bool
    problem: str = ""
    detail: str = ""
    key_id: str = ""
    content: dict | None = field(default=None, repr=False)
    pdf_signature: pades.PdfSignatureCheck | None = None

    @property
    def message(self):
        return PROBLEMS.get(self.problem, "")


def _decoded_signature(envelope):
    if not isinstance(envelope, dict) or envelope.get("algorithm") != keys.ALGORITHM:
        return None
    value = envelope.get("signature")
    if not isinstance(value, str) or not isinstance(envelope.get("key_id"), str):
        return None
    try:
        signature = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None
    return signature if len(signature) == 64 else None


def _parsed_content(data):
    try:
        content = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(content, dict) or content.get("schema") != SCHEMA:
        return None
    if not all(isinstance(content.get(name), dict) for name in ("entry", "status")):
        return None
    return content


def verify(data, envelope, public_keys):
    """Check `data` (the signed bytes) against `envelope` with {key id: Ed25519PublicKey}."""
    signature = _decoded_signature(envelope)
    if signature is None:
        return Verdict(False, "malformed_signature")
    key_id = envelope["key_id"]
    public_key = public_keys.get(key_id)
    if public_key is None:
        return Verdict(False, "unknown_key", key_id=key_id)
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        return Verdict(False, "bad_signature", key_id=key_id)
    content = _parsed_content(data)
    if content is None:
        return Verdict(False, "malformed_content", key_id=key_id)
    if canonical_bytes(content) != data:
        return Verdict(False, "not_canonical", key_id=key_id)
    return Verdict(True, key_id=key_id, content=content)


def register_keys():
    return {key_id: key.public_key for key_id, key in keys.published_keys().items()}


def verify_record(extract, public_keys=None):
    """A row of the register: its stored content must still carry a valid signature."""
    envelope = {"algorithm": keys.ALGORITHM, "key_id": extract.key_id,
                "signature": extract.signature}
    verdict = verify(extract.content_bytes, envelope, public_keys or register_keys())
    if verdict.genuine and verdict.content.get("extract_id") != extract.code:
        return Verdict(False, "id_mismatch", key_id=verdict.key_id)
    return verdict


def register_certificates():
    return [certificate.credentials().certificate]


def verify_pdf(pdf, public_keys=None, certificates=None):
    """A PDF file alone, offline: the embedded content and its Ed25519 signature, then the
    PDF signature over the whole file, which is what protects the visible page."""
    try:
        data, envelope = attachments.read(pdf)
    except attachments.PayloadError as error:
        return Verdict(False, "unreadable_file", detail=str(error))
    verdict = verify(data, envelope, public_keys or register_keys())
    if not verdict.genuine:
        return verdict
    checked = pades.check(pdf, register_certificates() if certificates is None else certificates)
    verdict.pdf_signature = checked
    if not checked.holds:
        verdict.genuine, verdict.problem = False, checked.problem
    return verdict
