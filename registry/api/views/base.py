"""What every public read endpoint shares: JSON only, throttled, strict query strings."""

import functools

from django_filters.filters import MultipleChoiceFilter
from rest_framework.renderers import JSONRenderer

from .. import query
from ..negotiation import JSONOnly
from ..throttling import AnonThrottle, UserThrottle


class PublicReadMixin:
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONOnly
    throttle_classes = [AnonThrottle, UserThrottle]
    # Query parameters beyond filters, ordering and pagination, per action; those of them
    # that may be given more than once.
    extra_parameters = {}
    repeatable_parameters = ()
    # Actions that answer a filtered, ordered, paginated list.
    list_actions = ("list", "get")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if hasattr(self, request.method.lower()):  # other methods answer 405 next
            allowed, multiple = self.query_parameters()
            query.check_query(request.query_params, allowed, multiple)

    def query_parameters(self):
        """(allowed names, names that may repeat) of this request's action."""
        action = getattr(self, "action", None) or "get"
        allowed = set(self.extra_parameters.get(action, ()))
        multiple = set(self.repeatable_parameters)
        if action in self.list_actions:
            filterset_class = getattr(self, "filterset_class", None)
            if filterset_class is not None:
                names, repeatable = filter_parameters(filterset_class)
                allowed |= names
                multiple |= repeatable
            if getattr(self, "ordering_fields", None):
                allowed.add("ordering")
            if getattr(self, "pagination_class", None) is not None:
                paginator = self.pagination_class
                allowed |= {paginator.cursor_query_param, paginator.page_size_query_param}
        return allowed, multiple


@functools.cache
def filter_parameters(filterset_class):
    """(query names, names that may repeat) of a FilterSet: a range filter `x` reads
    `x_min` and `x_max`, as its widget's suffixes say."""
    form = filterset_class(queryset=filterset_class._meta.model.objects.none()).form
    names = set()
    for name, field in form.fields.items():
        suffixes = getattr(field.widget, "suffixes", None)
        names |= {f"{name}_{suffix}" if suffix else name for suffix in suffixes or [""]}
    repeatable = {name for name, filter_ in filterset_class.base_filters.items()
                  if isinstance(filter_, MultipleChoiceFilter)}
    return names, repeatable
