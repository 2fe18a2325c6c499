"""The yardstick: a bare Django + DRF view over the same products table, nothing else.

No middleware, no authentication, throttling, negotiation, filters, conditional requests or
related rows: one query per request, a plain ModelSerializer, DRF's JSON renderer. bench/run.py
serves it through its own test client (ROOT_URLCONF=bench.bare, MIDDLEWARE=[]) beside the
register's API and prints the two side by side:

    DATABASE_URL=postgres://…/bench .venv/bin/python bench/run.py --only compare
"""

from django.urls import path
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer

from products.models import Product

FIELDS = ["registry_number", "part_number", "name_ru", "name_en", "name_be", "description_ru",
          "description_en", "package", "status", "registered_at", "valid_until", "tnved_code",
          "okpd2_code", "updated_at", "manufacturer", "category"]


class BareProductSerializer(serializers.ModelSerializer):
    class Meta:
        model = Product
        fields = FIELDS


class Bare:
    serializer_class = BareProductSerializer
    renderer_classes = [JSONRenderer]
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []


class BareDetail(Bare, generics.RetrieveAPIView):
    lookup_field = "registry_number"
    queryset = Product.objects.only(*FIELDS)


class BareList(Bare, generics.ListAPIView):
    """The first 50 entries of a manufacturer, by registry number."""

    def get_queryset(self):
        return Product.objects.only(*FIELDS).filter(
            manufacturer__slug=self.request.GET["manufacturer"]).order_by("registry_number")[:50]


urlpatterns = [
    path("bare/products/", BareList.as_view()),
    path("bare/products/<str:registry_number>/", BareDetail.as_view()),
]
