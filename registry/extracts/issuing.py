"""Issuing an extract: build the content, sign it, render the PDF, keep the record."""

from dataclasses import dataclass

from django.utils import timezone

from . import attachments, pades, signing
from .content import canonical_bytes, extract_content
from .identifiers import new_extract_id
from .models import Extract
from .pdf import render


@dataclass(frozen=True)
class Issued:
    extract: Extract
    pdf: bytes


def issue(product, *, language, verification_url, keys_url=""):
    """A new signed extract of `product`; `verification_url(extract id)` gives its page."""
    code = new_extract_id()
    issued_at = timezone.now().replace(microsecond=0)  # the content states whole seconds
    content = extract_content(product, extract_id=code, issued_at=issued_at,
                              language=language, verification_url=verification_url(code))
    data = canonical_bytes(content)
    signature = signing.sign(data)
    envelope = signature.envelope(keys_url)
    pdf = attachments.embed(render(content, envelope), data, envelope,
                            description=f"{product.registry_number} {code}")
    # The Ed25519 signature covers the canonical content, not the PDF bytes, so it is made first
    # and travels as an attachment; the PAdES signature comes last, because it covers every byte
    # of the file, attachments included. Each check then passes on an untouched extract.
    pdf = pades.sign(pdf)
    extract = Extract.objects.create(
        code=code, product=product, issued_at=issued_at, language=language,
        content=data.decode("utf-8"), signature=signature.value, key_id=signature.key_id,
    )
    return Issued(extract, pdf)
