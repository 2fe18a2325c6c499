"""Conditional GET: ETag and Last-Modified, and 304 when the client's copy is current.

Validators are computed without building the response: a page of a list from its rows' keys and
timestamps, read before the related rows its representation needs; a whole list (an export)
from one aggregate over its filtered queryset (row count and the latest change of the rows and
of their manufacturers); a detail from the row's own timestamps. Entries are never deleted and
every amendment saves the entry, so these numbers change whenever the representation does.
Small responses without timestamps (the category tree, substitutes) are validated by a hash of
their body.

The ETag also covers the URL with its query, the language, who is asking (the public, or a
signed-in user and the token they use, who may see more) and the API version, so a deploy that
changes the representation invalidates old copies.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, Subquery
from django.http import HttpResponseNotModified
from django.utils import timezone
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from django.utils.translation import get_language
from rest_framework.renderers import JSONRenderer

from ..models import ChangeEvent


@dataclass(frozen=True)
class Validators:
    etag: str
    last_modified: object = None  # an aware datetime, or None

    @classmethod
    def of(cls, request, *parts, last_modified=None):
        audience = (request.user.pk, getattr(request.auth, "pk", None)) \
            if request.user.is_authenticated else "public"
        # The day too: an entry's status changes at midnight without a write (it expires).
        key = repr((
            settings.SPECTACULAR_SETTINGS["VERSION"], timezone.localdate(), request.path,
            sorted(request.GET.lists()), get_language(), audience, parts,
        ))
        return cls(f'W/"{hashlib.sha256(key.encode()).hexdigest()[:40]}"',
                   _not_before_today(last_modified))

    def is_fresh(self, request):
        """If-None-Match wins over If-Modified-Since (RFC 9110, 13.2.2)."""
        if_none_match = request.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = parse_etags(if_none_match)
            return "*" in tags or _weak(self.etag) in {_weak(tag) for tag in tags}
        since = parse_http_date_safe(request.headers.get("If-Modified-Since") or "")
        if since is None or self.last_modified is None:
            return False
        return int(self.last_modified.timestamp()) <= since

    def apply(self, response):
        response["ETag"] = self.etag
        if self.last_modified is not None:
            response["Last-Modified"] = http_date(self.last_modified.timestamp())
        return response

    def not_modified(self, request):
        """A 304 response when the client's copy is current, else None."""
        if request.method not in {"GET", "HEAD"} or not self.is_fresh(request):
            return None
        return self.apply(HttpResponseNotModified())


def _not_before_today(stamp):
    """An entry expires at midnight without a write, so no copy from before today's start
    may be taken as current by its date alone."""
    if stamp is None:
        return None
    midnight = timezone.make_aware(datetime.datetime.combine(timezone.localdate(),
                                                             datetime.time.min))
    return max(stamp, midnight)


def _weak(tag):
    return tag.removeprefix("W/")


def of_queryset(request, queryset, timestamps=("updated_at",)):
    """Validators of a list: one aggregate over the filtered rows."""
    aggregates = {f"t{i}": Max(path) for i, path in enumerate(timestamps)}
    values = queryset.order_by().aggregate(rows=Count("pk"), **aggregates)
    stamps = [values[f"t{i}"] for i in range(len(timestamps))]
    present = [stamp for stamp in stamps if stamp is not None]
    return Validators.of(request, values["rows"], *stamps,
                         last_modified=max(present) if present else None)


def newest_change():
    """The time of the change feed's newest event, as a subquery a page's rows can carry
    (`newest_change`), so that of_page needs no query of its own."""
    return Subquery(ChangeEvent.objects.order_by("-id").values("occurred_at")[:1])


def of_page(request, rows, timestamps, *links):
    """Validators of one page of a list from its rows (already read) and its links: the page
    changes when a row on it changes or a row enters or leaves it. Last-Modified also counts
    the newest event of the change feed, since a row leaving the page (an entry suspended under
    ?status=registered) leaves no timestamp of its own behind (read with the rows when they
    carry `newest_change`)."""
    stamps = [tuple(_follow(row, path) for path in timestamps) for row in rows]
    if rows and hasattr(rows[0], "newest_change"):
        newest = rows[0].newest_change
    else:
        newest = ChangeEvent.objects.order_by("-id").values_list("occurred_at",
                                                                  flat=True).first()
    present = [stamp for row in stamps for stamp in row if stamp is not None]
    present += [newest] if newest is not None else []
    return Validators.of(request, [row.pk for row in rows], stamps, links,
                         last_modified=max(present) if present else None)


def _follow(row, path):
    """The timestamp at `path`, or None past an empty relation (an admission has no entry)."""
    for name in path.split("__"):
        if row is None:
            return None
        row = getattr(row, name)
    return row


def of_row(request, pk, *stamps):
    """Validators of one row from its key and timestamps."""
    present = [stamp for stamp in stamps if stamp is not None]
    return Validators.of(request, pk, *stamps, last_modified=max(present) if present else None)


def of_content(request, data):
    """Validators of a small response from its body."""
    body = JSONRenderer().render(data)
    return Validators.of(request, hashlib.sha256(body).hexdigest())
