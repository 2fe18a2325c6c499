from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from registry.feed.atom import SearchFeed

admin.site.site_header = _("Unified Register of Microelectronic Products")
admin.site.site_title = _("Register administration")
admin.site.index_title = _("Registrar's desk")

# A request refused before any view (a Host header not served): JSON under /api/.
handler400 = "registry.api.errors.bad_request"

urlpatterns = [
    path("", include("registry.operations.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("registry.portal.account_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    # Extracts first: its api/v1/products/<number>/extract.pdf precedes the API's own routes.
    path("", include("registry.extracts.urls")),
    path("api/", include("registry.api.urls")),
    path("portal/", include("registry.portal.urls")),
    path("about/", include("registry.about.urls")),
    path("search/feed.atom", SearchFeed(), name="search-feed"),
    path("follow/", include("registry.subscriptions.urls")),
    path("", include("products.urls")),
]
