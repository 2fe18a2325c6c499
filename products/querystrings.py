"""Links that change one thing in the current query: the URL always holds the whole search."""

from urllib.parse import urlencode

from .filters import PARAMETER_PREFIX

# Changing any filter sends the reader back to the first page.
PAGE = "page"


def encode(params):
    query = urlencode([(k, v) for k, values in params.lists() for v in values])
    return f"?{query}" if query else "?"


def replaced(query, **changes):
    """`query` (a QueryDict) with some parameters set or, for None, removed."""
    params = query.copy()
    params.pop(PAGE, None)
    for name, value in changes.items():
        params.pop(name, None)
        if value is not None:
            params[name] = value
    return encode(params)


def without_value(query, name, value=None):
    """`query` without one value of a repeated parameter (all its values for None)."""
    params = query.copy()
    params.pop(PAGE, None)
    kept = [] if value is None else [v for v in params.getlist(name) if v != value]
    params.setlist(name, kept)
    if not kept:
        params.pop(name)
    return encode(params)


def with_category(query, slug):
    """Another category: its parameters differ, so the parameter filters go too."""
    params = query.copy()
    params.pop(PAGE, None)
    for name in [n for n in params if n.startswith(PARAMETER_PREFIX)]:
        params.pop(name)
    params.pop("category", None)
    params.pop("col", None)  # parameter columns and sorting belong to the old category
    if params.get("sort", "").lstrip("-").startswith("p."):
        params.pop("sort")
    if slug:
        params["category"] = slug
    return encode(params)


def without(query, *names):
    params = query.copy()
    for name in (PAGE, *names):
        params.pop(name, None)
    return encode(params)
