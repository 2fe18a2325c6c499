"""Catalogue batches in the API: the staged rows with their verdicts, and the bodies of the
batch's steps."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...batches.columns import BY_NAME
from ...batches.reading import MAX_CELL, MAX_ROWS
from ...models import Batch, StagedRow
from ...workflow.applications import COMMENT_MAX
from ..links import api_url

MAX_LINE = 1_000_000


class RowErrorSerializer(serializers.Serializer):
    column = serializers.CharField()
    header = serializers.CharField()
    message = serializers.CharField()


class StagedRowSerializer(serializers.ModelSerializer):
    part_number = serializers.CharField(read_only=True)
    changed = serializers.ListField(child=serializers.CharField(), read_only=True,
                                    help_text="The fields an amendment changes.")
    errors = RowErrorSerializer(many=True, read_only=True)
    application = serializers.IntegerField(source="application_id", read_only=True,
                                           allow_null=True)
    application_state = serializers.SerializerMethodField()
    registry_number = serializers.SerializerMethodField()

    class Meta:
        model = StagedRow
        fields = ["line", "part_number", "outcome", "changed", "errors", "dropped",
                  "registry_number", "application", "application_state"]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "nullable": True})
    def get_application_state(self, row):
        return row.application.state if row.application_id else None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_registry_number(self, row):
        if row.application_id and row.application.product_id:
            return row.application.product.registry_number
        return row.product.registry_number if row.product_id else None


class BatchSerializer(serializers.ModelSerializer):
    manufacturer = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    reference = serializers.CharField(read_only=True)
    counts = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()
    rows_url = serializers.SerializerMethodField()

    class Meta:
        model = Batch
        fields = ["id", "reference", "manufacturer", "state", "file_name", "note",
                  "created_at", "submitted_at", "decided_at", "counts", "api_url", "rows_url"]
        read_only_fields = fields

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "integer"},
                          "description": "Rows by verdict (new, amend, unchanged, error, "
                                         "dropped) and by the state of their applications."})
    def get_counts(self, batch):
        counts = {}
        for outcome, dropped, state in batch.rows.values_list(
                "outcome", "dropped", "application__state"):
            key = "dropped" if dropped else outcome
            counts[key] = counts.get(key, 0) + 1
            if state:
                counts[state] = counts.get(state, 0) + 1
        return counts

    def get_api_url(self, batch) -> str:
        return api_url(self.context.get("request"), "batch-detail", batch.pk)

    def get_rows_url(self, batch) -> str:
        return api_url(self.context.get("request"), "batch-rows", batch.pk)


def _cells(value):
    unknown = set(value) - set(BY_NAME)
    if unknown:
        raise serializers.ValidationError(_("Unknown columns: %(columns)s.") % {
            "columns": ", ".join(sorted(unknown)[:10])})
    return value


class BatchCreateSerializer(serializers.Serializer):
    manufacturer = serializers.CharField(max_length=100, help_text="The manufacturer's slug.")
    rows = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField(
            allow_blank=True, max_length=MAX_CELL, trim_whitespace=False),
            validators=[_cells]),
        min_length=1, max_length=MAX_ROWS,
        help_text="The catalogue's rows, each an object of column → text; the columns are "
                  "those of the portal's template (" + ", ".join(BY_NAME) + "). Row n of the "
                  "list is reported as row n.")


class BatchNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=COMMENT_MAX)


class BatchLinesSerializer(serializers.Serializer):
    lines = serializers.ListField(child=serializers.IntegerField(min_value=1,
                                                                 max_value=MAX_LINE),
                                  required=False, max_length=MAX_ROWS,
                                  help_text="The rows to take the step on; all if left out.")
    comment = serializers.CharField(required=False, allow_blank=True, max_length=COMMENT_MAX)


class BatchDropSerializer(serializers.Serializer):
    lines = serializers.ListField(child=serializers.IntegerField(min_value=1,
                                                                 max_value=MAX_LINE),
                                  max_length=MAX_ROWS)
    dropped = serializers.BooleanField(default=True)


class RowCommentSerializer(serializers.Serializer):
    line = serializers.IntegerField(min_value=1, max_value=MAX_LINE)
    comment = serializers.CharField(max_length=COMMENT_MAX)


class BatchRequestChangesSerializer(serializers.Serializer):
    rows = RowCommentSerializer(many=True, allow_empty=False, max_length=MAX_ROWS)


class BatchRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=COMMENT_MAX)
