"""Ordering of list endpoints: one named field, always ending with the primary key.

The primary key makes every ordering unique, which keyset pagination needs. A search
(`q`, `part_number`) puts the best part-number matches first unless an ordering is asked.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.filters import BaseFilterBackend

from .errors import InvalidQuery

RELEVANCE = "match_rank"


class KeysetOrderingFilter(BaseFilterBackend):
    ordering_param = "ordering"

    def filter_queryset(self, request, queryset, view):
        name = self.chosen(request, view)
        if name is None and RELEVANCE in queryset.query.annotations:
            return queryset.order_by(f"-{RELEVANCE}", *self.default(view))
        return queryset.order_by(*self.with_tiebreak(name or view.ordering[0]))

    def chosen(self, request, view):
        value = request.query_params.get(self.ordering_param)
        if value is None:
            return None
        if value not in self.choices(view):
            raise InvalidQuery(self.ordering_param, _(
                "Order by one of: %(choices)s.") % {"choices": ", ".join(self.choices(view))},
                code="invalid_choice")
        return value

    @staticmethod
    def choices(view):
        return [prefix + name for name in view.ordering_fields for prefix in ("", "-")]

    def default(self, view):
        return self.with_tiebreak(view.ordering[0])

    @staticmethod
    def with_tiebreak(name):
        return [name, "-pk" if name.startswith("-") else "pk"]

    def get_schema_operation_parameters(self, view):
        return [{
            "name": self.ordering_param, "in": "query", "required": False,
            "description": (
                f"Sort by this field; a leading '-' sorts descending. Default: "
                f"{view.ordering[0]}."),
            "schema": {"type": "string", "enum": self.choices(view)},
        }]
