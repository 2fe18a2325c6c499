"""What the register accepts as a document file: checked by content, never by name.

A file is accepted when its leading bytes are those of a PDF, PNG or JPEG and its content
holds up: a PDF ends with its end-of-file marker and carries no web page markup near its start
(where browsers sniff for HTML); an image opens, is intact and is not a decompression bomb
(dimensions far beyond any scan). The stored name is random; the uploader's never reaches the
file system.
"""

import hashlib
import re
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image

# Leading bytes of the accepted formats and the content type each is served with.
SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)
# Readers accept an end-of-file marker within the last kilobyte (PDF 1.7, 7.5.5).
PDF_TAIL_BYTES = 1024
# Browsers sniff the first 512 bytes for markup; look at twice that.
MARKUP_HEAD_BYTES = 1024
MARKUP = re.compile(rb"<\s*(!doctype|html|head|body|script|iframe|svg|object|embed)\b",
                    re.IGNORECASE)
IMAGE_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}


def sniff(file):
    """(content type, extension) of an accepted file, or None. Leaves the file at its start."""
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    for magic, content_type, extension in SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    return None


def validate_document_file(file):
    size = getattr(file, "size", None)
    if not size:
        raise ValidationError(_("The file is empty."), code="empty")
    limit = settings.DOCUMENT_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    sniffed = sniff(file)
    if sniffed is None:
        raise ValidationError(
            _("Only PDF, PNG and JPEG files are accepted; this file is none of them."),
            code="bad_type",
        )
    try:
        if sniffed[0] == "application/pdf":
            _check_pdf(file, size)
        else:
            _check_image(file, IMAGE_FORMATS[sniffed[0]])
    finally:
        file.seek(0)


def _check_pdf(file, size):
    file.seek(0)
    if MARKUP.search(file.read(MARKUP_HEAD_BYTES)):
        raise ValidationError(_("The file holds web page markup; it is not a genuine PDF."),
                              code="markup")
    file.seek(max(size - PDF_TAIL_BYTES, 0))
    if b"%%EOF" not in file.read(PDF_TAIL_BYTES):
        raise ValidationError(_("The PDF file is incomplete or damaged (it has no end)."),
                              code="damaged")


def _check_image(file, expected_format):
    """Opens the image (headers only) and checks it whole, without decoding its pixels."""
    damaged = ValidationError(_("The image is damaged or not what its first bytes claim."),
                              code="damaged")
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                if image.format != expected_format:
                    raise damaged
                pixels = image.width * image.height
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        pixels = settings.DOCUMENT_MAX_PIXELS + 1
    except (OSError, SyntaxError, ValueError) as error:
        raise damaged from error
    if pixels > settings.DOCUMENT_MAX_PIXELS:
        raise ValidationError(_("The image is too large in pixels to be a scan of a document."),
                              code="too_many_pixels")


def sha256_of(file):
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def stored_name(extension):
    """A random name: what the uploader called the file never reaches the file system."""
    return f"{uuid.uuid4().hex}.{extension}"
