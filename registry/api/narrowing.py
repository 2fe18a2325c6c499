"""Light representations for light clients: `?brief=true` or `?fields=a,b,c`.

A narrowable serializer names the fields of its brief form and the fields every form keeps
(its key). Views read the choice with `chosen_fields` and prefetch only what it needs.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from .errors import InvalidQuery
from .query import boolean

FIELDS, BRIEF = "fields", "brief"


class NarrowableSerializer(serializers.ModelSerializer):
    always = ()  # the key: in every form
    brief_fields = ()

    def get_fields(self):
        fields = super().get_fields()
        chosen = self.context.get(FIELDS)
        if not chosen:
            return fields
        return {name: field for name, field in fields.items()
                if name in chosen or name in self.always}


def chosen_fields(query, serializer_class):
    """The field names a request asks for, or None for the full representation."""
    brief = boolean(query, BRIEF)
    listed = query.get(FIELDS)
    if brief and listed is not None:
        raise InvalidQuery(FIELDS, _("Ask for brief or for fields, not both."), code="conflict")
    if brief:
        return set(serializer_class.brief_fields)
    if listed is None:
        return None
    names = [name.strip() for name in listed.split(",") if name.strip()]
    available = list(serializer_class.Meta.fields)
    unknown = [name for name in names if name not in available]
    if not names or unknown:
        raise InvalidQuery(FIELDS, _("Choose fields among: %(fields)s.") % {
            "fields": ", ".join(available)}, code="invalid_choice")
    return set(names)


def parameters(serializer_class):
    """The brief and fields query parameters, for the schema."""
    return [
        OpenApiParameter(
            BRIEF, bool, description=(
                "Only the brief form: " + ", ".join(serializer_class.brief_fields)
                + ". Not together with fields (400).")),
        OpenApiParameter(
            FIELDS, {"type": "array", "items": {
                "type": "string", "enum": list(serializer_class.Meta.fields)}},
            explode=False, style="form", description=(
                "Only these fields (comma-separated); "
                + ", ".join(serializer_class.always) + " is always included. Not together "
                "with brief (400).")),
    ]


class NarrowableSerializerExtension(OpenApiSerializerExtension):
    """In the schema only the key is required: brief and fields= leave the others out."""

    target_class = NarrowableSerializer
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        schema["required"] = [name for name in schema.get("required", [])
                              if name in self.target.always]
        return schema
