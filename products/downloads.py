"""Serving uploaded documents: only through views that checked who asks, as attachments with
the type sniffed at upload, never rendered in the register's origin."""

from django.http import FileResponse, Http404


def document_response(document, prefix):
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    extension = document.file.name.rsplit(".", 1)[-1]
    response = FileResponse(handle, as_attachment=True, content_type=document.content_type,
                            filename=f"{prefix}-{document.kind}-{document.pk}.{extension}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
