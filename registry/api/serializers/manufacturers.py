"""Manufacturers as the public sees them: what their public page shows, no contact e-mail."""

from rest_framework import serializers

from manufacturers.models import Manufacturer

from ..links import api_url, site_url
from ..narrowing import NarrowableSerializer
from .fields import LinkField, OptionalURLField


def manufacturer_api_url(request, manufacturer):
    return api_url(request, "manufacturer-detail", manufacturer.slug)


def manufacturer_page_url(request, manufacturer):
    return site_url(request, "manufacturer-detail", manufacturer.slug)


class ManufacturerSummarySerializer(serializers.ModelSerializer):
    """A manufacturer inside another representation."""

    name = serializers.CharField(read_only=True, help_text="Legal name in the language asked.")
    short_name = serializers.CharField(read_only=True)
    url = LinkField(manufacturer_page_url, help_text="The manufacturer's public page.")
    api_url = LinkField(manufacturer_api_url)

    class Meta:
        model = Manufacturer
        fields = ["slug", "name", "name_ru", "name_en", "short_name", "country", "url",
                  "api_url"]
        read_only_fields = fields


class ManufacturerSerializer(NarrowableSerializer):
    name = serializers.CharField(read_only=True, help_text="Legal name in the language asked.")
    short_name = serializers.CharField(read_only=True)
    website = OptionalURLField()
    url = LinkField(manufacturer_page_url, help_text="The manufacturer's public page.")
    api_url = LinkField(manufacturer_api_url)
    products_url = LinkField(
        lambda request, m: api_url(request, "product-list") + f"?manufacturer={m.slug}",
        help_text="The manufacturer's register entries in the API.")

    always = ("slug",)
    brief_fields = ("slug", "short_name", "country", "url", "api_url")

    class Meta:
        model = Manufacturer
        fields = ["slug", "name", "name_ru", "name_en", "short_name", "short_name_ru",
                  "short_name_en", "country", "unp", "inn", "ogrn", "city_ru", "city_en",
                  "address", "website", "status", "admitted_at", "updated_at", "url",
                  "api_url", "products_url"]
        read_only_fields = fields
