"""Response headers Django does not set itself (the Content-Security-Policy is django-csp's)."""

from django.conf import settings


class SecurityHeadersMiddleware:
    """Permissions-Policy switches off browser features the register never uses (camera,
    geolocation, …), so that nothing injected into a page could ask for them either.
    Cross-Origin-Resource-Policy keeps other sites from loading the register's responses as
    scripts or images in their pages (a script that carries a CSRF token, a document)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class PrivatePagesMiddleware:
    """What is rendered for a signed-in user (portal, desk, the API answering a token) is
    theirs alone: no shared cache keeps it and no browser stores it for the next person at
    the same computer.

    An anonymous GET answered 200 with no cookie set may be kept by a shared cache (the
    reverse proxy, deploy/nginx) for SHARED_CACHE_SECONDS; browsers revalidate it every time
    (max-age=0: the ETag makes that a 304). A view that set its own Cache-Control keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)  # the API's token user is set on it too
        if user is not None and user.is_authenticated:
            response.headers["Cache-Control"] = "private, no-store"
        elif shareable(request, response):
            response.headers["Cache-Control"] = (
                f"public, max-age=0, s-maxage={settings.SHARED_CACHE_SECONDS}")
        return response


def shareable(request, response):
    """Whether a shared cache may keep the answer to an anonymous request."""
    return (settings.SHARED_CACHE_SECONDS > 0 and request.method in ("GET", "HEAD")
            and response.status_code == 200 and "Cache-Control" not in response.headers
            and not response.cookies and not getattr(response, "streaming", False)
            and "HTTP_AUTHORIZATION" not in request.META)
