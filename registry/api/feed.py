"""The change feed as the API and the webhooks show it: pages of events in commit order
(read by registry.feed.reading), each with the public representation of what it changed.

Why a client that applies the events in order ends holding exactly the public register:

- Events become visible in id order (registry.feed.recording takes a lock around each
  writer), so
  once an id is visible no smaller one appears later: a cursor never skips an event.
- A representation is read after its event, so it is at least as new as that change; a later
  change has a later event, which the client applies later. Each event is applied by
  replacing the whole subject, so applying one again is harmless.
- What an event changes beyond its subject is named in `refetch`: the entries that show a
  category whose names, parameters or place changed, and the entries of a manufacturer whose
  summary (the part entries embed) changed; for a category, also the category tree.
- Entries are never deleted (exclusion is a status), categories that were published are
  kept, and a manufacturer's slug change names the old slug in `changes`.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import get_language

from products import lookups
from products.models import Category

from ..feed import reading
from ..models.changes import (
    ENTRY_KINDS,
    MANUFACTURER_KINDS,
    ChangeEvent,
    ChangeKind,
    subject_of,
)
from . import bulk_entries, public, splicing, stored
from .links import api_url
from .pagination import KeysetPagination
from .serializers.categories import CategorySerializer

DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE = 100, 500
# What entries embed of their manufacturer (ManufacturerSummary) is made of these fields.
SUMMARY_SOURCES = {"slug", "name_ru", "name_en", "short_name_ru", "short_name_en", "country"}


@dataclass
class FeedEvent:
    """One event with the current representation of its subject (None if not public)."""

    event: ChangeEvent
    entry: object = None
    manufacturer: object = None
    category: object = None
    refetch: list = field(default_factory=list)

    @property
    def subject(self):
        return subject_of(self.event.kind)

    @property
    def registry_number(self):
        return self.event.registry_number or None

    @property
    def manufacturer_slug(self):
        if not self.event.manufacturer_id:
            return None
        # Read with the page (registry.feed.reading), or from the event's own relation.
        return getattr(self.event, "manufacturer_slug_now", None) or self.event.manufacturer.slug

    @property
    def category_slug(self):
        if not self.event.category_id:
            return None
        return getattr(self.event, "category_slug_now", None) or self.event.category.slug

    @property
    def application(self):
        application_id = self.event.application_id
        return f"{application_id:06d}" if application_id else None

    @property
    def changes(self):
        return reading.public_changes(self.event)


def read_page(after, size, kinds=(), request=None, latest=None):
    """A page of the feed after the cursor `after`, its events represented."""
    page = reading.read_page(after, size, kinds, latest)
    page.events = represent(page.events, request)
    return page


def represent(events, request=None):
    """FeedEvents for `events`, their subjects loaded in a fixed few queries."""
    public_user = AnonymousUser()
    entry_ids = [e.product_id for e in events if e.kind in ENTRY_KINDS and e.product_id]
    entries = _entries(public.products(public_user), set(entry_ids), request)
    makers = _by_pk(public.manufacturers(public_user),
                    {e.manufacturer_id for e in events if e.kind in MANUFACTURER_KINDS})
    categories = _by_pk(CategorySerializer.load(Category.objects.all()),
                        {e.category_id for e in events if e.kind == ChangeKind.CATEGORY_CHANGED})
    represented = []
    for event in events:
        item = FeedEvent(event, entry=entries.get(event.product_id),
                         manufacturer=makers.get(event.manufacturer_id)
                         if event.kind in MANUFACTURER_KINDS else None,
                         category=categories.get(event.category_id))
        item.refetch = refetch(item, request)
        represented.append(item)
    return represented


def _entries(public_entries, ids, request):
    """{entry id: representation} of the public entries among `ids`: each entry's stored
    document where it is current, as its text (splicing.Written: a page may hold 500 entries,
    read in one query and spliced into the answer unparsed), the others written out from
    their rows, as the exports write them."""
    if not ids:
        return {}
    bodies = stored.current_bodies(ids, get_language(), public_only=True)
    # Their links are moved to the client's address once the whole answer is written (text).
    found = {pk: splicing.Written(body) for pk, body in bodies.items()}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        rest = public_entries.filter(pk__any_of=lookups.Prepared(missing))
        found.update(bulk_entries.by_id(rest, request))
    return found


def text(data, request=None):
    """The JSON text of a feed page or event: stored documents spliced in as they are, then
    their links moved to the client's address (without a request, the register's public
    one) in one pass over the whole text, not one per entry."""
    return stored.rebase(splicing.spliced(data), request)


def _by_pk(queryset, keys):
    keys.discard(None)
    return {row.pk: row for row in queryset.filter(pk__in=keys)} if keys else {}


def refetch(item, request):
    """Lists to read again because the event changed how their rows are shown."""
    event = item.event
    if item.category is not None:
        return [_link(request, "categories", "category-list", {}),
                _link(request, "entries", "product-list", {"category": item.category.slug})]
    if item.manufacturer is not None and (
            event.kind == ChangeKind.MANUFACTURER_ADMITTED or SUMMARY_SOURCES & set(event.changes)):
        return [_link(request, "entries", "product-list",
                      {"manufacturer": item.manufacturer.slug})]
    return []


def _link(request, resource, view, query):
    query = {**query, "page_size": KeysetPagination.max_page_size}
    return {"resource": resource, "url": f"{api_url(request, view)}?{urlencode(query)}"}
