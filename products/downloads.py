"""Serving uploaded documents, the one way every download view uses (public documents of an
entry, documents of an application in the portal and in the desk).

Views check who asks first; the file then leaves as an attachment, with the type sniffed at
upload, `nosniff`, and a policy that sandboxes it and lets it load nothing: even a file that a
browser were to render would run no script in the register's origin. MEDIA_ROOT itself is
never served (no URL maps to it; see registry.security.checks)."""

from django.http import FileResponse, Http404

SANDBOX_POLICY = "default-src 'none'; sandbox"


def document_response(document, prefix):
    """`document`: a products.Document or registry.ApplicationDocument. The download's name
    is built from `prefix`, the kind and the id: nothing the uploader typed."""
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    extension = document.file.name.rsplit(".", 1)[-1]
    response = FileResponse(handle, as_attachment=True, content_type=document.content_type,
                            filename=f"{prefix}-{document.kind}-{document.pk}.{extension}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_POLICY
    response["Cache-Control"] = "private, no-store"
    return response
