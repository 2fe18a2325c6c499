"""The admin's history pages are for reading.

django-simple-history's page of one past version (`…/history/<version>/`) saves the form it
shows when it receives a POST, whatever SIMPLE_HISTORY_REVERT_DISABLED says (that setting only
hides the button): a crafted POST would write an old version back over the live row, past the
workflow. Every such write is refused here, for every model admin at once."""

from django.core.exceptions import PermissionDenied

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
HISTORY_VERSION_VIEW = "_simple_history"  # suffix of the URL names simple-history gives it


class ReadOnlyHistoryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        name = request.resolver_match.url_name or ""
        if request.method not in SAFE_METHODS and name.endswith(HISTORY_VERSION_VIEW):
            raise PermissionDenied
        return None
