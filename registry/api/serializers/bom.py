"""A bill of materials sent by a PLM or ERP system, and the answer line by line.

The request is a file (multipart: CSV, TXT or XLSX, read as on the site) or JSON lines; the
answer keeps every original column of each line beside the part read and its candidates.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from products import bom
from products.models.parts import Compatibility

from .applications import StrictSerializer

SCALAR = (str, int, float, bool, type(None))
MAX_KEY = 100
COLUMN_HELP = ("The column's title in the header row or its letter (A, B, …); guessed from "
               "the values when not given.")


class BomUploadSerializer(StrictSerializer):
    file = serializers.FileField(allow_empty_file=True, help_text=(
        "CSV, TXT or XLSX: a KiCad, Altium or Excel export or a ГОСТ 2.701 parts list, in "
        "UTF-8, UTF-16 or Windows-1251, separated by commas, semicolons or tabs; at most "
        f"{bom.MAX_BYTES // 1024 // 1024} MB and {bom.MAX_ROWS} lines."))
    part_column = serializers.CharField(required=False, max_length=MAX_KEY,
                                        help_text=COLUMN_HELP)
    quantity_column = serializers.CharField(required=False, max_length=MAX_KEY,
                                            help_text=COLUMN_HELP)


class BomLineField(serializers.DictField):
    """One line: `part` (required), `quantity`, and any other columns as plain values."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.JSONField(), **kwargs)

    def to_internal_value(self, data):
        line = super().to_internal_value(data)
        errors = {}
        part = line.get("part")
        if isinstance(part, bool) or not isinstance(part, (str, int)) or not str(part).strip():
            errors["part"] = [_("Give the part number of the line as text.")]
        if len(line) > bom.MAX_COLUMNS:
            errors["line"] = [_("A line has at most %(n)s columns.") % {"n": bom.MAX_COLUMNS}]
        for key, value in line.items():
            if len(key) > MAX_KEY:
                errors[key[:MAX_KEY]] = [_("The column name is too long (at most %(n)s "
                                           "characters).") % {"n": MAX_KEY}]
            elif not isinstance(value, SCALAR):
                errors[key] = [_("A column holds text, a number or null, not a list or an "
                                 "object.")]
            elif isinstance(value, str) and len(value) > bom.MAX_CELL:
                errors[key] = [_("The value is too long (at most %(n)s characters).")
                               % {"n": bom.MAX_CELL}]
        if errors:
            raise serializers.ValidationError(errors)
        return line


class BomLinesSerializer(StrictSerializer):
    lines = serializers.ListField(
        child=BomLineField(), min_length=1, max_length=bom.MAX_ROWS,
        help_text=(f"At most {bom.MAX_ROWS} lines, each {{\"part\": \"SN74HC164N\", "
                   "\"quantity\": 2, …any other columns}: the other columns come back as sent."))


class BomCandidateSerializer(serializers.Serializer):
    """Describes the answer's candidates (the view builds them as plain data)."""

    registry_number = serializers.CharField()
    part_number = serializers.CharField()
    manufacturer = serializers.CharField(help_text="The manufacturer's short name.")
    manufacturer_slug = serializers.CharField()
    level = serializers.ChoiceField(choices=Compatibility.choices, help_text=(
        "pin_to_pin: same function, package and pinout; functional: same function; "
        "parametric: parameters that cover the part's."))
    level_label = serializers.CharField(help_text="The level in the language asked.")
    score = serializers.IntegerField(allow_null=True, min_value=0, max_value=100,
                                     help_text="0–100, higher is closer; null when unscored.")
    package_note = serializers.CharField(allow_blank=True, help_text=(
        "What differs in the package or pin count; empty when nothing does."))
    url = serializers.URLField(help_text="The entry's public page.")


LINE_STATUSES = [
    ("found", "found: at least one candidate"), ("none", "none: no registered substitute"),
    ("section", "section: a group title of a parts list, not a part"),
    ("empty", "empty: no part number on this line"),
]


class BomLineSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text=(
        "The line of the file, or the position in the list sent (from 1)."))
    columns = serializers.DictField(child=serializers.JSONField(), help_text=(
        "Every original column of the line, by its title (or letter)."))
    part = serializers.CharField(allow_blank=True, help_text=(
        "The part number read: for a parts-list name such as \"Микросхема К1533ЛА3 "
        "бКО.347.364 ТУ\", the designation alone (К1533ЛА3)."))
    quantity = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=LINE_STATUSES)
    candidates = BomCandidateSerializer(many=True, help_text=(
        f"Best first, at most {bom.CANDIDATES_PER_LINE}."))
    more = serializers.BooleanField(help_text=(
        "The part has more candidates than the line shows: GET /api/v1/substitutes/?part= "
        "lists them all."))


class BomColumnSerializer(serializers.Serializer):
    column = serializers.CharField()
    share = serializers.FloatField(help_text="Share of its cells that look like part numbers.")


class BomWarningSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    column = serializers.CharField(allow_null=True)
    alternatives = BomColumnSerializer(many=True, help_text=(
        "Columns that look more like part numbers, best first: send one as part_column."))


class BomSummarySerializer(serializers.Serializer):
    lines = serializers.IntegerField()
    asked = serializers.IntegerField(help_text="Lines with a part number.")
    found = serializers.IntegerField(help_text="Lines with at least one candidate.")
    missing = serializers.IntegerField(help_text="Lines with a part number and no candidate.")


class BomAnswerSerializer(serializers.Serializer):
    part_column = serializers.CharField(allow_null=True, help_text="The column read as part.")
    quantity_column = serializers.CharField(allow_null=True)
    summary = BomSummarySerializer()
    warnings = BomWarningSerializer(many=True, help_text=(
        "Said when the part column does not look like part numbers (code "
        "part_column_unlikely)."))
    lines = BomLineSerializer(many=True)
