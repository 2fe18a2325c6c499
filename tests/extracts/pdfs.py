"""Rebuilding an extract with a changed payload, as someone tampering with it would."""

import io

from pypdf import PdfReader, PdfWriter

from registry.extracts import attachments


def without_payload(pdf):
    """The same pages with no attachments."""
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def with_payload(pdf, content, envelope):
    """The same pages, carrying `content` and `envelope` instead of the originals."""
    return attachments.embed(without_payload(pdf), content, envelope)
