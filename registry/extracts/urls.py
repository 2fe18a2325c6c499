"""Extract URLs: issuing (site and API), verification, and the published public keys.

Included from registry/urls.py before the API's own URLs, so that the extract route of an
entry is never taken for a lookup of the API's product endpoint.
"""

from django.urls import path, register_converter

from . import views


class ExtractIdConverter:
    """Letters, digits and hyphens, as typed; the view normalises and redirects."""

    regex = "[0-9A-Za-z-]{1,64}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ExtractIdConverter, "extract_id")

urlpatterns = [
    path("products/<str:registry_number>/extract.pdf", views.product_extract,
         name="extract-pdf"),
    path("api/v1/products/<str:registry_number>/extract.pdf", views.api_product_extract,
         name="api-extract-pdf"),
    path("verify/", views.verify_lookup, name="extract-lookup"),
    path("verify/<extract_id:extract_id>/", views.verify_page, name="extract-verify"),
    path("verify/<extract_id:extract_id>.json", views.verify_json, name="extract-verify-json"),
    path(".well-known/register-extract-keys.json", views.public_keys, name="extract-keys"),
]
