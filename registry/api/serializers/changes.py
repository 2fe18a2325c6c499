"""Events of the change feed and of an entry's history."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings

from ...feed.reading import public_changes
from ...models import ChangeKind
from ...models.changes import CATEGORY, ENTRY, ENTRY_KIND_CHOICES, MANUFACTURER
from ..splicing import Written
from .categories import CategorySerializer
from .manufacturers import ManufacturerSerializer
from .products import ProductSerializer


class FieldChangeSerializer(serializers.Serializer):
    before = serializers.JSONField(allow_null=True, help_text="The value before; null if none.")
    after = serializers.JSONField(allow_null=True, help_text="The value after; null if none.")


class ChangesField(serializers.DictField):
    """Changes as the event stores them: plain JSON of this shape already, passed through
    (field by field, DRF spends more on them than on the whole entry)."""

    def to_representation(self, value):
        return value


CHANGES = ChangesField(
    child=FieldChangeSerializer(), read_only=True,
    help_text="Field-level changes of public data: {field: {before, after}}; lists (aliases, "
              "parameters, analogs, production, documents) are compared whole.")


class RefetchSerializer(serializers.Serializer):
    resource = serializers.ChoiceField(
        choices=[("entries", "entries"), ("categories", "categories")], read_only=True,
        help_text="What the list holds: register entries or categories.")
    url = serializers.URLField(read_only=True, help_text="A cursor-paginated list: walk its "
                                                         "next links and store every row.")


class WrittenEntry(ProductSerializer):
    """The entry as ProductSerializer shows it; the feed reads its entries already written out
    (bulk_entries), as the exports do."""

    def to_representation(self, instance):
        if isinstance(instance, dict | Written):  # written out, or its stored text
            return instance
        return super().to_representation(instance)


class ChangeEventSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="event.id", read_only=True,
                                  help_text="The event's place in the feed: the cursor.")
    kind = serializers.ChoiceField(choices=ChangeKind.choices, source="event.kind",
                                   read_only=True)
    occurred_at = serializers.DateTimeField(source="event.occurred_at", read_only=True)
    subject = serializers.ChoiceField(
        choices=[(ENTRY, ENTRY), (MANUFACTURER, MANUFACTURER), (CATEGORY, CATEGORY)],
        read_only=True, help_text="What changed: an entry, a manufacturer or a category.")
    registry_number = serializers.CharField(read_only=True, allow_null=True,
                                            help_text="The entry's number (entry events).")
    manufacturer_slug = serializers.CharField(
        read_only=True, allow_null=True,
        help_text="The manufacturer's slug now (entry and manufacturer events).")
    category_slug = serializers.CharField(read_only=True, allow_null=True,
                                          help_text="The category's slug now (its events).")
    application = serializers.CharField(
        read_only=True, allow_null=True,
        help_text="Number of the manufacturer's application the change carried out.")
    comment = serializers.CharField(source="event.comment", read_only=True,
                                    help_text="The registrar's comment or reason.")
    changes = CHANGES
    entry = WrittenEntry(read_only=True, allow_null=True, help_text=(
        "The entry as GET /api/v1/products/{registry_number}/ shows it when the page is read "
        "(at least as new as this change); null for other subjects."))
    manufacturer = ManufacturerSerializer(read_only=True, allow_null=True, help_text=(
        "The manufacturer as GET /api/v1/manufacturers/{slug}/ shows it (manufacturer "
        "events); null for other subjects."))
    category = CategorySerializer(read_only=True, allow_null=True, help_text=(
        "The category as GET /api/v1/categories/{slug}/ shows it (category events)."))
    refetch = RefetchSerializer(many=True, read_only=True, help_text=(
        "Lists whose rows this change shows differently: read them again after applying "
        "the event (a category's entries and the category tree; a manufacturer's entries "
        "when what entries embed of it changed)."))

    def to_representation(self, item):
        """The fields above written out (a feed page has 500 events); the subjects by their
        own serializers. tests/api/test_entry_dicts.py holds it equal to DRF's."""
        event, fields = item.event, self.fields
        return {
            "changes": item.changes,  # first, as DRF orders it: CHANGES is declared earlier
            "id": event.id,
            "kind": event.kind,
            "occurred_at": self._moment(fields["occurred_at"], event.occurred_at),
            "subject": item.subject,
            "registry_number": item.registry_number,
            "manufacturer_slug": item.manufacturer_slug,
            "category_slug": item.category_slug,
            "application": item.application,
            "comment": event.comment,
            "entry": _nested(fields["entry"], item.entry),
            "manufacturer": _nested(fields["manufacturer"], item.manufacturer),
            "category": _nested(fields["category"], item.category),
            "refetch": [{"resource": link["resource"], "url": link["url"]}
                        for link in item.refetch],
        }

    def field_by_field(self, item):
        return super().to_representation(item)

    def _moment(self, field, value):
        """What DRF's DateTimeField writes (ISO 8601 in the current time zone, Z for UTC),
        with the time zone looked up once for the page instead of once for each event."""
        if not value or getattr(field, "format", api_settings.DATETIME_FORMAT) != ISO_8601:
            return field.to_representation(value)
        if self._zone is None:
            self._zone = field.timezone if hasattr(field, "timezone") \
                else field.default_timezone()
        if self._zone is None or timezone.is_naive(value):
            return field.to_representation(value)
        text = value.astimezone(self._zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    _zone = None


def _nested(field, value):
    return None if value is None else field.to_representation(value)


class HistoryEventSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="The event's id in the feed.")
    kind = serializers.ChoiceField(choices=ENTRY_KIND_CHOICES, read_only=True)
    occurred_at = serializers.DateTimeField(read_only=True)
    application = serializers.SerializerMethodField(help_text=(
        "Number of the manufacturer's application the change carried out; null for the "
        "registrar's own decisions and corrections."))
    comment = serializers.CharField(read_only=True, help_text="The registrar's comment or "
                                                              "reason.")
    changes = serializers.SerializerMethodField()

    @extend_schema_field({"type": "string", "nullable": True})
    def get_application(self, event):
        return f"{event.application_id:06d}" if event.application_id else None

    @extend_schema_field(CHANGES)
    def get_changes(self, event):
        return public_changes(event)
