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
    the same computer. Anonymous pages keep their own caching headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)  # the API's token user is set on it too
        if user is not None and user.is_authenticated:
            response.headers["Cache-Control"] = "private, no-store"
        return response
