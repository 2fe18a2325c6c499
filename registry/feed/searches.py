"""A followed search: the filters of a search page's query, and the change feed's events of the
entries it finds. The Atom feed and the e-mail digests read the same."""

from django.contrib.auth.models import AnonymousUser

from products.filters import ProductFilterSet
from products.models import Product
from products.search import CANDIDATE_CAP

from ..models import ChangeEvent
from ..models.changes import ENTRY_KINDS

# Not filters: how a page is shown. The status is dropped too: an entry that expires or is
# suspended leaves "registered" results, and that is exactly the news a follower needs.
NOT_FOLLOWED = ("status", "page", "per_page", "sort", "col", "lang")


def followed_query(query):
    """The QueryDict `query` without what is not followed."""
    query = query.copy()
    for name in NOT_FOLLOWED:
        query.pop(name, None)
    return query


def public_filterset(query):
    return ProductFilterSet(query, queryset=Product.objects.restrict(AnonymousUser()))


def events_of(filterset, after_id=0):
    """The change feed's entry events of the entries `filterset` finds (its first
    CANDIDATE_CAP), after the event `after_id`."""
    entries = filterset.qs.order_by().values("pk")[:CANDIDATE_CAP]
    return ChangeEvent.objects.filter(kind__in=ENTRY_KINDS, product__in=entries,
                                      id__gt=after_id).select_related("product")


def describe(filterset, query):
    """The search in a few words: its text, code, category and makers."""
    if not filterset.is_valid():
        return query.urlencode()
    cleaned = filterset.form.cleaned_data
    parts = [cleaned.get("q") or "", cleaned.get("code") or "",
             getattr(cleaned.get("category"), "name", "")]
    parts += [maker.short_name for maker in cleaned.get("manufacturer") or []]
    return ", ".join(part for part in parts if part) or query.urlencode()
