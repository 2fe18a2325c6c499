"""Serializer fields the API's representations share."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(OpenApiTypes.URI)
class LinkField(serializers.Field):
    """An absolute URL worked out from the object: `to(request, obj)`."""

    def __init__(self, to, **kwargs):
        self.to = to
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return self.to(self.context.get("request"), value)


class OptionalChoiceField(serializers.ChoiceField):
    """A code from a fixed list, or null where the model keeps an empty string."""

    def __init__(self, choices, **kwargs):
        super().__init__(choices, read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return super().to_representation(value) or None


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class OptionalURLField(serializers.CharField):
    """A URL, or null where the model keeps an empty string."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return value or None


class RuleText(serializers.CharField):
    """Text the register's rules require (a reason, a comment asked for): required and not
    blank in the schema, while a blank value still reaches those rules for their message."""

    def run_validation(self, data=serializers.empty):
        if data == "":
            return ""
        return super().run_validation(data)


def enforced(field, **keywords):
    """`field` described with the bounds the register's own rules enforce on it (a required
    comment, a secret's length): the check and its message stay with those rules, the schema
    says what they accept so that generated clients check the same."""
    # A class of its own: DRF copies declared fields by calling their class again.
    described = type(f"Enforced{type(field).__name__}", (type(field),), {})
    field.__class__ = extend_schema_field({"type": "string", **keywords})(described)
    return field
