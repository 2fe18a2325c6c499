"""The FilterSet of applications (the register's own records), for the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from manufacturers.models import Manufacturer

from .models import Application, ApplicationKind, ApplicationState


class ApplicationFilterSet(django_filters.FilterSet):
    state = django_filters.MultipleChoiceFilter(choices=ApplicationState.choices,
                                                label=_("State"))
    kind = django_filters.MultipleChoiceFilter(choices=ApplicationKind.choices, label=_("Kind"))
    manufacturer = django_filters.ModelMultipleChoiceFilter(
        field_name="manufacturer__slug", to_field_name="slug", queryset=Manufacturer.objects.all(),
        label=_("Manufacturer (slug)"))
    registry_number = django_filters.CharFilter(field_name="product__registry_number",
                                                max_length=24, label=_("Registry number"))

    class Meta:
        model = Application
        fields = ["state", "kind", "manufacturer", "registry_number"]
