"""List and detail actions that answer conditional requests before doing the work.

A list reads the rows of the page (with the rows joined to them) and computes its validators
from them, a detail from a one-row lookup of its timestamps; only when the client's copy is
stale are the rows prefetched for the representation read and the response built.
"""

from django.db.models import prefetch_related_objects
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from .. import conditional
from ..narrowing import FIELDS, chosen_fields


class ConditionalReadMixin:
    timestamps = ("updated_at",)  # what changes when the representation does
    not_found_message = None
    narrowable = True  # the representation answers ?fields= and ?brief=

    def chosen(self):
        if not self.narrowable:
            return None
        if not hasattr(self, "_chosen"):
            self._chosen = chosen_fields(self.request.query_params, self.serializer_class)
        return self._chosen

    def get_serializer_context(self):
        return {**super().get_serializer_context(), FIELDS: self.chosen()}

    def list(self, request, *args, **kwargs):
        self.chosen()  # a bad ?fields= is an error before any work
        queryset = self.filter_queryset(self.get_queryset())
        if self.paginator is not None:
            self.paginator.check_query(request, queryset)
        loaded = self.load(queryset)
        joined = {path.rpartition("__")[0] for path in self.timestamps if "__" in path}
        page = self.paginate_queryset(loaded.prefetch_related(None).select_related(*joined))
        validators = conditional.of_page(request, page, self.timestamps, self.paginator.next,
                                         self.paginator.previous)
        not_modified = validators.not_modified(request)
        if not_modified is not None:
            return not_modified
        prefetch_related_objects(page, *loaded._prefetch_related_lookups)
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        return validators.apply(response)

    def retrieve(self, request, *args, **kwargs):
        self.chosen()
        lookup = {self.lookup_field: kwargs[self.lookup_url_kwarg or self.lookup_field]}
        queryset = self.get_queryset().filter(**lookup)
        stamps = queryset.values_list("pk", *self.timestamps).first()
        if stamps is None:
            raise NotFound(self.not_found_message)
        validators = conditional.of_row(request, *stamps)
        not_modified = validators.not_modified(request)
        if not_modified is not None:
            return not_modified
        instance = self.load(queryset).get()
        return validators.apply(Response(self.get_serializer(instance).data))

    def load(self, queryset):
        """`queryset` with the related rows its representation reads."""
        return queryset
