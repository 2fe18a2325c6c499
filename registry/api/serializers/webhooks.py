"""Webhook subscriptions and their delivery log in the API."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...models import ChangeKind, DeliveryOutcome
from ...models.webhooks import MAX_SECRET, MIN_SECRET
from ..links import api_url
from .applications import StrictSerializer
from .fields import enforced


def secret_field(**kwargs):
    """A signing secret: its length checked here, printable ASCII by the subscription's rule
    (described as a pattern for generated clients)."""
    return enforced(serializers.CharField(required=False, trim_whitespace=False,
                                          min_length=MIN_SECRET, max_length=MAX_SECRET,
                                          **kwargs), pattern="^[ -~]+$")

KINDS = serializers.ListField(
    child=serializers.ChoiceField(choices=ChangeKind.choices), max_length=len(ChangeKind.values),
    required=False, help_text="Kinds of events to deliver; empty or left out: every kind.")


class WebhookSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = serializers.URLField(read_only=True)
    kinds = serializers.ListField(child=serializers.ChoiceField(choices=ChangeKind.choices),
                                  read_only=True)
    active = serializers.BooleanField(read_only=True)
    cursor = serializers.IntegerField(read_only=True, help_text=(
        "The last event delivered (or skipped as of a kind not asked for): the feed's "
        "cursor. After a failure, read GET /api/v1/changes/?after=<cursor>."))
    attempts = serializers.IntegerField(read_only=True,
                                        help_text="Failed attempts at the next event.")
    retry_at = serializers.DateTimeField(read_only=True, allow_null=True)
    failed_at = serializers.DateTimeField(read_only=True, allow_null=True, help_text=(
        "When the deliveries stopped after the last attempt failed; switch the subscription "
        "on again (active: true) to resume from the cursor."))
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    deliveries_url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_deliveries_url(self, subscription):
        return api_url(self.context.get("request"), "webhook-deliveries", subscription.pk)

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_api_url(self, subscription):
        return api_url(self.context.get("request"), "webhook-detail", subscription.pk)


class NewWebhookSerializer(WebhookSerializer):
    secret = serializers.CharField(read_only=True, help_text=(
        "The signing secret, shown in this answer only: keep it to verify deliveries."))


class WebhookCreateSerializer(StrictSerializer):
    url = serializers.URLField(max_length=500, help_text=(
        "The receiver: an https address on the public internet."))
    kinds = KINDS
    secret = secret_field(help_text=(
        "Your own signing secret (24–128 printable ASCII characters); default: one is made."))
    after = serializers.IntegerField(required=False, min_value=0, help_text=(
        "Deliver the events after this id (default: those from now on)."))


class WebhookUpdateSerializer(StrictSerializer):
    url = serializers.URLField(max_length=500, required=False)
    kinds = KINDS
    secret = secret_field(help_text="A new signing secret.")
    active = serializers.BooleanField(required=False, help_text=(
        "false pauses the deliveries; true resumes them from the cursor, after a failure too."))
    cursor = serializers.IntegerField(required=False, min_value=0, help_text=(
        "Move the cursor, e.g. to the last event a receiver read from the feed itself."))


class DeliverySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    event = serializers.IntegerField(source="event_id", read_only=True,
                                     help_text="Id of the event in the feed.")
    kind = serializers.ChoiceField(choices=ChangeKind.choices, source="event.kind",
                                   read_only=True)
    attempt = serializers.IntegerField(read_only=True)
    attempted_at = serializers.DateTimeField(read_only=True)
    outcome = serializers.ChoiceField(choices=DeliveryOutcome.choices, read_only=True)
    status_code = serializers.IntegerField(read_only=True, allow_null=True,
                                           help_text="null when no HTTP answer came.")
    duration_ms = serializers.IntegerField(read_only=True, allow_null=True)
    error = serializers.CharField(read_only=True, help_text=(
        "What went wrong: the start of the answer, a timeout, a refused address…"))
    next_attempt_at = serializers.DateTimeField(read_only=True, allow_null=True)
