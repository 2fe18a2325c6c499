"""Keyset (cursor) pagination that stays exact while the register changes.

A page ends at the key of its last row — the values of the ordering fields, ending with the
primary key as the unique tiebreak — and the next page is "every row after that key".
Rows inserted or changed elsewhere never shift a page boundary, so a client walking the
pages sees no row twice and skips none that stayed in place. Cursors are signed: a client
can only hand back one the API issued, for the ordering it was issued for.
"""

from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from .errors import InvalidQuery
from .query import integer

CURSOR_SALT = "registry.api.cursor"
MAX_CURSOR_LENGTH = 1000


@dataclass(frozen=True)
class Keyset:
    """The ordering of a queryset as (name, descending) pairs, the last one unique."""

    fields: tuple

    @classmethod
    def of(cls, queryset):
        fields = tuple((name.lstrip("-"), name.startswith("-"))
                       for name in queryset.query.order_by)
        if not fields or fields[-1][0] not in {"pk", queryset.model._meta.pk.name}:
            raise ImproperlyConfigured("Keyset pagination needs an ordering ending with pk.")
        return cls(fields)

    @property
    def signature(self):
        return ",".join(("-" if desc else "") + name for name, desc in self.fields)

    def reversed(self):
        return [("" if desc else "-") + name for name, desc in self.fields]

    def position(self, row):
        return [_plain(getattr(row, name)) for name, _desc in self.fields]

    def after(self, values, backwards=False):
        """Rows strictly after `values` in this ordering (before, when going backwards)."""
        condition = Q()
        for index, (name, desc) in enumerate(self.fields):
            lookup = "lt" if desc != backwards else "gt"
            term = Q(**{f"{name}__{lookup}": values[index]})
            for (equal_name, _desc), value in zip(self.fields[:index], values[:index],
                                                   strict=True):
                term &= Q(**{equal_name: value})
            condition |= term
        # The redundant bound on the first field lets the database use its index.
        first, desc = self.fields[0]
        bound = Q(**{f"{first}__{'lte' if desc != backwards else 'gte'}": values[0]})
        return bound & condition

    def parse(self, model, values):
        """Values read back from a cursor, as the database expects them."""
        parsed = []
        for (name, _desc), value in zip(self.fields, values, strict=True):
            field = model._meta.pk if name == "pk" else _model_field(model, name)
            parsed.append(field.to_python(value) if field is not None else value)
        return parsed


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _model_field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # an annotation, e.g. match_rank: an integer already
        return None


class KeysetPagination(BasePagination):
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    page_size = 50
    max_page_size = 500

    def check_query(self, request, queryset):
        """Refuse a bad page size or cursor before any other work (conditional GET included)."""
        integer(request.query_params, self.page_size_query_param, self.page_size,
                1, self.max_page_size)
        self.read_cursor(request, Keyset.of(queryset), queryset.model)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = integer(request.query_params, self.page_size_query_param, self.page_size,
                       1, self.max_page_size)
        keyset = Keyset.of(queryset)
        cursor = self.read_cursor(request, keyset, queryset.model)
        backwards = bool(cursor and cursor["backwards"])
        if cursor:
            queryset = queryset.filter(keyset.after(cursor["values"], backwards))
        if backwards:
            queryset = queryset.order_by(*keyset.reversed())
        rows = list(queryset[:size + 1])
        more = len(rows) > size
        rows = rows[:size]
        if backwards:
            rows.reverse()
        has_next, has_previous = (True, more) if backwards else (more, cursor is not None)
        self.next = self.link(keyset, rows[-1], False) if has_next and rows else None
        self.previous = self.link(keyset, rows[0], True) if has_previous and rows else None
        if backwards and not rows:
            self.next = remove_query_param(request.build_absolute_uri(), self.cursor_query_param)
        return rows

    def read_cursor(self, request, keyset, model):
        token = request.query_params.get(self.cursor_query_param)
        if token is None:
            return None
        try:
            if len(token) > MAX_CURSOR_LENGTH:
                raise signing.BadSignature
            payload = _read_token(token)
            if payload["o"] != keyset.signature:
                raise InvalidQuery(self.cursor_query_param, _(
                    "This cursor belongs to another ordering; start again from the first "
                    "page."), code="invalid_cursor")
            return {"values": keyset.parse(model, payload["v"]), "backwards": payload["b"]}
        except (signing.BadSignature, KeyError, TypeError, ValueError, ValidationError):
            raise InvalidQuery(self.cursor_query_param, _(
                "The cursor is not valid; use the next and previous links as given."),
                code="invalid_cursor") from None

    def link(self, keyset, row, backwards):
        token = _CURSOR_SIGNER.sign_object({"o": keyset.signature, "v": keyset.position(row),
                                            "b": backwards}, compress=True)
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, token)

    def get_paginated_response(self, data):
        return Response({"next": self.next, "previous": self.previous, "results": data})

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "description": "The next page, or null on the last."},
                "previous": {**link, "description": "The previous page, or null on the first."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param, "in": "query", "required": False,
                "description": "Position in the list: take it from the next or previous link.",
                "schema": {"type": "string", "minLength": 1, "maxLength": MAX_CURSOR_LENGTH},
            },
            {
                "name": self.page_size_query_param, "in": "query", "required": False,
                "description": f"Rows per page (default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]


# Cursors are signed without a time: the same page always links to the same next page, so its
# ETag holds and clients and proxies get their 304s (signing.dumps stamps the second).
_CURSOR_SIGNER = signing.Signer(salt=CURSOR_SALT)


def _read_token(token):
    try:
        return _CURSOR_SIGNER.unsign_object(token)
    except (signing.BadSignature, ValueError):
        # A cursor handed out before cursors lost their time stamp still leads on (its
        # signature covers "payload:time", which is no payload of its own).
        return signing.loads(token, salt=CURSOR_SALT)
