"""The change feed: every change to public data in commit order, for mirrors."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.utils.urls import replace_query_param

from ...feed.reading import latest_id
from ...models import ChangeKind
from .. import conditional, feed, query, schema, stored
from ..errors import InvalidQuery
from ..serializers.changes import ChangeEventSerializer
from .base import PublicReadMixin

AFTER, PAGE_SIZE, KIND = "after", "page_size", "kind"
MAX_CURSOR = 2**63 - 1

FEED_DESCRIPTION = """\
Every change to the public register — an entry included, amended, corrected, suspended,
reinstated or excluded; a manufacturer admitted or changed; a category of the catalogue
changed — in the order the changes were committed.

**Mirroring.** Start with `after=0` (or the `latest` of a snapshot you took before reading the
lists), apply every event in order, store `cursor`, and ask again with `after=<cursor>`; while
`more` is true, ask at once. To apply an event, replace what you hold of its subject with
`entry`, `manufacturer` or `category`, then read every list in `refetch` again and replace the
rows it gives. A client that does this ends with exactly the public register, without gaps or
duplicates, while registrars keep writing: events become visible in id order, and each
representation is read after its event (at least as new as the change).

`cursor` is the id of the last event given, or `latest` when the page is not full. A cursor
beyond the newest event is refused: the feed was not the one the client followed (start again).
Webhook deliveries carry the same events; a receiver that missed some reads them here after the
last id it stored. Send `If-None-Match` with the last ETag: 304 while nothing has changed.
"""


class ChangesView(PublicReadMixin, GenericAPIView):
    serializer_class = ChangeEventSerializer
    extra_parameters = {"get": (AFTER, PAGE_SIZE, KIND)}
    repeatable_parameters = (KIND,)

    @extend_schema(
        summary="Change feed",
        description=FEED_DESCRIPTION,
        parameters=schema.parameters(
            OpenApiParameter(AFTER, {"type": "integer", "minimum": 0, "maximum": MAX_CURSOR},
                             description="The cursor: events after this id (default 0)."),
            OpenApiParameter(PAGE_SIZE, {"type": "integer", "minimum": 1,
                                         "maximum": feed.MAX_PAGE_SIZE},
                             description=f"Events per page (default {feed.DEFAULT_PAGE_SIZE})."),
            OpenApiParameter(KIND, {"type": "array", "items": {
                "type": "string", "enum": ChangeKind.values}}, explode=True,
                description="Only events of these kinds (repeat the parameter). A mirror "
                            "takes every kind."),
            last_modified=False,
        ),
        responses=schema.responses(inline_serializer("ChangeFeedPage", {
            "cursor": serializers.IntegerField(help_text="Ask next with after=<cursor>."),
            "latest": serializers.IntegerField(
                help_text="The newest event when the page was read."),
            "more": serializers.BooleanField(
                help_text="More events follow now: ask again without waiting."),
            "next": serializers.URLField(help_text="This query with after=<cursor>."),
            "results": ChangeEventSerializer(many=True),
        })),
    )
    def get(self, request):
        params = request.query_params
        after = query.integer(params, AFTER, 0, 0, MAX_CURSOR)
        size = query.integer(params, PAGE_SIZE, feed.DEFAULT_PAGE_SIZE, 1, feed.MAX_PAGE_SIZE)
        kinds = self.kinds(params)
        latest = latest_id()
        if after > latest:
            raise InvalidQuery(AFTER, _(
                "The cursor is ahead of the feed (its newest event is %(latest)d): this is not "
                "the feed the cursor came from; start again from the beginning.")
                % {"latest": latest}, code="cursor_ahead")
        validators = conditional.Validators.of(request, latest)
        not_modified = validators.not_modified(request)
        if not_modified is not None:
            return not_modified
        page = feed.read_page(after, size, kinds, request, latest=latest)
        data = {
            "cursor": page.cursor, "latest": page.latest, "more": page.more,
            "next": replace_query_param(request.build_absolute_uri(), AFTER, page.cursor),
            "results": ChangeEventSerializer(page.events, many=True,
                                             context={"request": request}).data,
        }
        # The entries' stored documents go into the answer as they are.
        return validators.apply(stored.response(feed.text(data, request)))

    @staticmethod
    def kinds(params):
        kinds = params.getlist(KIND)
        unknown = sorted(set(kinds) - set(ChangeKind.values))
        if unknown:
            raise InvalidQuery(KIND, _("Choose kinds among: %(kinds)s.") % {
                "kinds": ", ".join(ChangeKind.values)}, code="invalid_choice")
        return kinds
