"""Small template helpers of the public pages."""

from django import template

from .. import units
from ..facets import format_number

register = template.Library()


@register.filter
def unit(symbol):
    """A parameter's unit in the reader's language (products.units)."""
    return units.shown(symbol) if symbol else ""


@register.filter
def get(mapping, key):
    """mapping[key], for keys a template cannot spell (parameter filters: p.core.min)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def number(value):
    return format_number(value)
