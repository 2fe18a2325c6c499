"""The category tree with the parameters each category declares."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from products.models import Category

from .. import conditional, schema
from ..pagination import KeysetPagination
from ..serializers.categories import CategorySerializer
from .base import PublicReadMixin


@extend_schema_view(
    list=extend_schema(
        summary="Categories",
        description=(
            "The category tree, parents before their children (ordered by path). Filter "
            "entries by a category's slug to include its subcategories."),
        parameters=schema.parameters(last_modified=False),
        responses=schema.responses(CategorySerializer(many=True)),
    ),
    retrieve=extend_schema(
        summary="One category",
        parameters=schema.parameters(last_modified=False),
        responses=schema.responses(CategorySerializer, not_found=True),
    ),
)
class CategoryViewSet(PublicReadMixin, viewsets.ReadOnlyModelViewSet):
    # The tree is small and has no timestamps: its validators hash the body.
    serializer_class = CategorySerializer
    pagination_class = KeysetPagination
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def get_queryset(self):
        return CategorySerializer.load(Category.objects.order_by("path", "pk"))

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.answer(request, self.get_paginated_response(
            self.get_serializer(page, many=True).data))

    def retrieve(self, request, *args, **kwargs):
        category = self.get_queryset().filter(slug=kwargs["slug"]).first()
        if category is None:
            raise NotFound(_("No category has this slug."))
        return self.answer(request, Response(self.get_serializer(category).data))

    @staticmethod
    def answer(request, response):
        validators = conditional.of_content(request, response.data)
        return validators.not_modified(request) or validators.apply(response)
