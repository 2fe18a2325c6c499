"""What the register accepts as a document file: checked by content, never by name."""

import hashlib
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# Leading bytes of the accepted formats and the content type each is served with.
SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)


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
    if sniff(file) is None:
        raise ValidationError(
            _("Only PDF, PNG and JPEG files are accepted; this file is none of them."),
            code="bad_type",
        )


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
