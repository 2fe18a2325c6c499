"""An Atom feed of a search: `/search/feed.atom?<the search page's query>` lists the change
feed's events of the entries that search finds, newest first, so a reader follows a category,
a manufacturer or a query in any feed reader instead of re-checking by hand.

The search's own filters pick the entries (searches.py says which parameters are followed).
"""

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .reading import readable_changes
from .searches import describe, events_of, followed_query, public_filterset

ITEMS = 50
SHOWN_FIELDS = 6  # field changes listed in an item; the entry page has the rest


class SearchFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        self.query = followed_query(request.GET)
        self.filterset = public_filterset(self.query)
        if not self.filterset.is_valid():
            errors = "; ".join(str(e) for errors in self.filterset.errors.values()
                               for e in errors)
            return HttpResponseBadRequest(_("The search could not be run: %(errors)s")
                                          % {"errors": errors},
                                          content_type="text/plain; charset=utf-8")
        return super().__call__(request, *args, **kwargs)

    def title(self):
        if not self.query:
            return _("Changes in the register")
        return _("Changes in the register: %(search)s") % {
            "search": describe(self.filterset, self.query)}

    def link(self):
        query = self.query.urlencode()
        return reverse("search") + (f"?{query}" if query else "")

    def feed_url(self):
        return self.request.get_full_path()

    def subtitle(self):
        return _("What changed in the entries this search finds: inclusions, amendments, "
                 "suspensions, expiries, exclusions.")

    def items(self):
        return list(events_of(self.filterset).order_by("-id")[:ITEMS])

    def item_title(self, event):
        return f"{event.product.part_number} — {event.get_kind_display()}"

    def item_link(self, event):
        return event.product.get_absolute_url()

    def item_guid(self, event):
        """The same event has the same id in every feed that lists it."""
        return self.request.build_absolute_uri(
            f"{event.product.get_absolute_url()}#change-{event.pk}")

    def item_guid_is_permalink(self, event):
        return False

    def item_updateddate(self, event):
        return event.occurred_at

    def item_pubdate(self, event):
        return event.occurred_at

    def item_description(self, event):
        lines = [f"{event.product.registry_number}: {event.get_kind_display()}"]
        if event.comment:
            lines.append(event.comment)
        lines += [f"{change.label}: {change.before} → {change.after}"
                  for change in readable_changes(event, SHOWN_FIELDS)]
        return "\n".join(lines)
