"""{% public_history product %}: an entry's public history (included, amended, suspended,
reinstated, excluded, corrected), for any page that shows an entry."""

from django import template

from ..feed.reading import public_history as entry_history
from ..feed.reading import readable_changes

register = template.Library()


@register.inclusion_tag("registry/_public_history.html")
def public_history(product):
    events = list(entry_history(product).only(
        "id", "occurred_at", "kind", "comment", "product_id", "changes"))
    for event in events:
        event.readable = readable_changes(event)
    return {"events": events}
