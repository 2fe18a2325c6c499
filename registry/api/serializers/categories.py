"""The category tree and the parameters each category declares."""

from django.db.models import Prefetch
from rest_framework import serializers

from products.models import Category, ParameterTemplate

from ..links import api_url
from .fields import LinkField


def category_api_url(request, category):
    return api_url(request, "category-detail", category.slug)


class CategorySummarySerializer(serializers.ModelSerializer):
    """A category inside another representation."""

    name = serializers.CharField(read_only=True, help_text="Name in the language asked.")
    api_url = LinkField(category_api_url)

    class Meta:
        model = Category
        fields = ["slug", "code", "name", "name_ru", "name_en", "path", "api_url"]
        read_only_fields = fields


class ParameterTemplateSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="Name in the language asked.")

    class Meta:
        model = ParameterTemplate
        fields = ["key", "name", "name_ru", "name_en", "unit", "kind"]
        read_only_fields = fields


class CategorySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="Name in the language asked.")
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    depth = serializers.IntegerField(read_only=True, help_text="0 for a top-level category.")
    parameters = ParameterTemplateSerializer(
        many=True, read_only=True,
        help_text="Parameters declared here; products also carry those of the ancestors.")
    api_url = LinkField(category_api_url)
    products_url = LinkField(
        lambda request, c: api_url(request, "product-list") + f"?category={c.slug}",
        help_text="Register entries of this category and its subcategories in the API.")

    class Meta:
        model = Category
        fields = ["slug", "code", "name", "name_ru", "name_en", "parent", "path", "depth",
                  "position", "parameters", "api_url", "products_url"]
        read_only_fields = fields

    @staticmethod
    def load(queryset):
        """`queryset` with what a category's representation reads, in a fixed few queries."""
        return queryset.select_related("parent").prefetch_related(
            Prefetch("parameters", ParameterTemplate.objects.order_by("position", "pk")))
