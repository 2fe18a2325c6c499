"""Small template helpers of the public pages."""

from django import template
from django.utils.html import format_html

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


@register.simple_tag
def status(product):
    """The entry's status today as a badge: a tag, not an included template, because a
    results table shows one on each of its 50 rows (an include cost more than the rest of
    the row's cells)."""
    return format_html('<span class="status status-{}">{}</span>', product.effective_status,
                       product.get_effective_status_display())
