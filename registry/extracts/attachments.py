"""The signed content and its signature, embedded in the PDF as two attached files.

extract.json holds the canonical content byte for byte; extract-signature.json holds the
envelope (algorithm, key id, base64 signature). Any PDF reader lists them as attachments, and
`pypdf` reads them back, so the file alone is enough to verify an extract offline.
"""

import io
import json
import logging
from contextlib import contextmanager

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import NameObject, TextStringObject

from .content import canonical_bytes

CONTENT_NAME = "extract.json"
SIGNATURE_NAME = "extract-signature.json"
JSON_SUBTYPE = "/application/json"  # pypdf writes it as the name /application#2Fjson
# A genuine extract is a few hundred kilobytes; refuse to parse anything far larger.
MAX_PDF_BYTES = 10 * 1024 * 1024


class PayloadError(Exception):
    """The file is not a PDF extract, or its embedded content cannot be read."""


def embed(pdf, content, envelope, description=""):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for name, data in ((CONTENT_NAME, content), (SIGNATURE_NAME, canonical_bytes(envelope))):
        attached = writer.add_attachment(name, data)
        attached.subtype = NameObject(JSON_SUBTYPE)
        if description:
            attached.description = TextStringObject(description)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def read(pdf):
    """(content bytes, envelope dict) from a PDF extract, or PayloadError."""
    if len(pdf) > MAX_PDF_BYTES:
        raise PayloadError("the file is too large to be a register extract")
    try:
        with _quiet_parser():
            attached = PdfReader(io.BytesIO(pdf)).attachments
            content = _only(attached, CONTENT_NAME)
            envelope = json.loads(_only(attached, SIGNATURE_NAME))
    except PayloadError:
        raise
    except PyPdfError as error:
        raise PayloadError(f"not a readable PDF: {error}") from None
    except Exception as error:  # a damaged PDF breaks the parser in many ways; all mean the same
        raise PayloadError(f"not a readable PDF: {error!r}") from None
    if not isinstance(envelope, dict):
        raise PayloadError("the embedded signature is not a JSON object")
    return content, envelope


def _only(attached, name):
    copies = attached.get(name) or []
    if len(copies) != 1:
        raise PayloadError(f"the file must carry exactly one {name}; it carries {len(copies)}")
    return copies[0]


@contextmanager
def _quiet_parser():
    """A damaged file is reported in the verdict; pypdf's own warnings about it are noise."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
