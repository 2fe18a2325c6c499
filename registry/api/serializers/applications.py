"""Applications in the API: what a representative or registrar reads, and the bodies of the
steps they take. The bodies only give the workflow its arguments: the rules (required comments,
lengths, the proposed data) are the workflow's and registry.proposals', as in the portal."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from products.models import ProductStatus
from products.models.documents import DocumentKind
from products.models.parts import Compatibility
from products.models.production import Stage

from ...models import Action, ApplicationKind, ApplicationState
from ...models.decisions import REGISTRAR_ACTIONS
from ...proposals import SECTIONS
from ...workflow.applications import COMMENT_MAX
from ...workflow.steps import APPLICATION, standing_of
from ..links import absolute, api_url
from ..scopes import Scope
from .fields import RuleText, enforced


class StrictSerializer(serializers.Serializer):
    """A request body with only the fields it names: a misspelt field is an error, not a
    silently ignored value."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: [_("Unknown field.")] for name in unknown}, code="unknown")
        return super().to_internal_value(data)


# --- The proposed data, described for the schema ------------------------------------------------

TEXT = {"type": "string", "nullable": True}
DATE = {"type": "string", "format": "date", "nullable": True}
PROPOSAL_SCHEMA = {
    "type": "object",
    "description": (
        "The proposed entry: its fields, `parameters` ({key: value} of the category's "
        "parameters), `aliases`, `analogs` and `production` (the production chain). Checked "
        "by the register's own rules, as in the portal; errors name the path, e.g. "
        "proposal.parameters.clock_mhz or proposal.analogs.0.compatibility."),
    "properties": {
        **{name: dict(TEXT) for name in SECTIONS
           if name not in {"parameters", "aliases", "analogs", "production",
                           "origin_document_date", "origin_document_valid_until"}},
        "origin_document_date": DATE,
        "origin_document_valid_until": DATE,
        "parameters": {"type": "object", "additionalProperties": {"type": "string"}},
        "aliases": {"type": "array", "items": {"type": "string"}},
        "analogs": {"type": "array", "items": {"type": "object", "properties": {
            "part_number": {"type": "string"}, "manufacturer_name": {"type": "string"},
            "compatibility": {"type": "string", "enum": Compatibility.values},
            "note": {"type": "string"}}}},
        "production": {"type": "array", "items": {"type": "object", "properties": {
            "stage": {"type": "string", "enum": Stage.values}, "site": {"type": "string"},
            "operator": {"type": "string"}, "country": {"type": "string"},
            "process_nm": {"type": "integer", "minimum": 1, "nullable": True}}}},
    },
}


@extend_schema_field(PROPOSAL_SCHEMA)
class ProposalField(serializers.DictField):
    pass


# --- What is read ---------------------------------------------------------------------------

def document_api_url(request, document):
    return api_url(request, "application-document", document.application_id, document.pk)


class ApplicationDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=DocumentKind.choices, read_only=True)
    title = serializers.CharField(read_only=True)
    content_type = serializers.CharField(read_only=True,
                                         help_text="Type found in the content at upload.")
    size = serializers.IntegerField(read_only=True, help_text="Bytes.")
    sha256 = serializers.CharField(read_only=True)
    uploaded_at = serializers.DateTimeField(read_only=True)
    url = serializers.SerializerMethodField(help_text="Download address (same rights).")

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, document):
        return document_api_url(self.context.get("request"), document)


class ApplicationStepSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=Action.choices, read_only=True)
    occurred_at = serializers.DateTimeField(read_only=True)
    from_state = serializers.CharField(read_only=True)
    to_state = serializers.CharField(read_only=True)
    comment = serializers.CharField(read_only=True)
    by_registrar = serializers.SerializerMethodField(
        help_text="A registrar's step (whose name the manufacturer is not shown).")
    actor = serializers.SerializerMethodField(
        help_text="Username of the representative who took the step; null for registrars.")

    authority = serializers.CharField(
        read_only=True, help_text="For a registrar's step: the state whose ministry took it "
                                  "(BY, RU); empty for the manufacturer's steps.")

    def get_by_registrar(self, decision) -> bool:
        return decision.action in REGISTRAR_ACTIONS

    @extend_schema_field({"type": "string", "nullable": True})
    def get_actor(self, decision):
        if decision.action in REGISTRAR_ACTIONS or decision.actor is None:
            return None
        return decision.actor.get_username()


class ApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(read_only=True, help_text="The application's number.")
    kind = serializers.ChoiceField(choices=ApplicationKind.choices, read_only=True)
    state = serializers.ChoiceField(choices=ApplicationState.choices, read_only=True)
    manufacturer = serializers.CharField(source="manufacturer.slug", read_only=True,
                                         help_text="The manufacturer's slug.")
    registry_number = serializers.CharField(
        source="product.registry_number", read_only=True, allow_null=True, default=None,
        help_text="The entry amended or withdrawn; for an approved inclusion, the new entry.")
    entry_status = serializers.ChoiceField(
        choices=ProductStatus.choices, source="product.effective_status", read_only=True,
        allow_null=True, default=None)
    proposal = ProposalField(read_only=True, help_text="The proposed data (none for a "
                                                       "withdrawal).")
    base = ProposalField(read_only=True, allow_null=True, help_text=(
        "For an amendment or withdrawal: the entry when the application was started."))
    note = serializers.CharField(read_only=True,
                                 help_text="Covering note; for a withdrawal, the reason.")
    assigned_to_me = serializers.SerializerMethodField(
        help_text="Whether the asking registrar reviews it (and so may decide).")
    available_steps = serializers.SerializerMethodField(help_text=(
        "The steps the asking token may take now, from the register's table of steps: each "
        "is an action of the application (POST to its api_url followed by the step, with "
        "'-' for '_', e.g. request-changes/). Any other step is refused."))
    documents = ApplicationDocumentSerializer(many=True, read_only=True)
    decisions = ApplicationStepSerializer(many=True, read_only=True,
                                   help_text="Every step so far, oldest first.")
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    submitted_at = serializers.DateTimeField(read_only=True, allow_null=True)
    decided_at = serializers.DateTimeField(read_only=True, allow_null=True)
    url = serializers.SerializerMethodField(
        help_text="The application in the portal, for its manufacturer's representatives.")
    api_url = serializers.SerializerMethodField()

    def get_assigned_to_me(self, application) -> bool:
        request = self.context.get("request")
        return request is not None and application.assigned_to_id == request.user.pk

    @extend_schema_field({"type": "array", "items": {"type": "string",
                                                     "enum": list(APPLICATION.steps)}})
    def get_available_steps(self, application):
        request = self.context.get("request")
        if request is None:
            return []
        if "standing" not in self.context:  # the user is read once for a whole page
            self.context["standing"] = standing_of(request.user)
        scope = Scope(request)
        return [step.name for step in APPLICATION.available(application, self.context["standing"])
                if scope.allows(APPLICATION.sides[step.name])]

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, application):
        return absolute(self.context.get("request"),
                        reverse("portal:application", args=[application.pk]))

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_api_url(self, application):
        return api_url(self.context.get("request"), "application-detail", application.pk)


# --- What is sent ---------------------------------------------------------------------------

class ApplicationCreateSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=ApplicationKind.choices)
    manufacturer = serializers.CharField(max_length=60, help_text=(
        "Slug of the manufacturer the application is for (one the token acts for)."))
    registry_number = serializers.CharField(
        max_length=24, required=False,
        help_text="For an amendment, a renewal or a withdrawal: the entry.")
    proposal = ProposalField(required=False, help_text=(
        "For an inclusion: the new entry. For an amendment: the entry as it should read "
        "(default: as it is now). Not for a withdrawal or a renewal."))
    note = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False,
                                 help_text="Covering note; for a withdrawal, the reason "
                                           "(required).")


class ApplicationUpdateSerializer(StrictSerializer):
    proposal = ProposalField(required=False, help_text=(
        "Sections to change: each one given replaces that section of the current proposal "
        "(a list or the parameters as a whole)."))
    note = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)


class DocumentUploadSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    title = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                  help_text="Default: the file's name.")
    # Empty and oversized files are refused by the register's own check, as in the portal.
    file = serializers.FileField(allow_empty_file=True, help_text=(
        "PDF, PNG or JPEG, recognised by content; at most DOCUMENT_MAX_BYTES."))


class CommentSerializer(StrictSerializer):
    comment = enforced(serializers.CharField(required=False, allow_blank=True,
                                             trim_whitespace=False), maxLength=COMMENT_MAX)


class RegistrarCommentSerializer(StrictSerializer):
    comment = enforced(RuleText(trim_whitespace=False,
                                help_text="The comment, for the registrars of both states."),
                       maxLength=COMMENT_MAX)


class RequestChangesSerializer(StrictSerializer):
    comment = enforced(RuleText(trim_whitespace=False,
                                help_text="What the manufacturer should change."),
                       maxLength=COMMENT_MAX)


class RejectSerializer(StrictSerializer):
    reason = enforced(RuleText(trim_whitespace=False), maxLength=COMMENT_MAX)


class ApproveSerializer(StrictSerializer):
    comment = enforced(serializers.CharField(required=False, allow_blank=True,
                                             trim_whitespace=False), maxLength=COMMENT_MAX)
    decision_number = enforced(serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False,
        help_text="Number of the decision (default: the application's number)."), maxLength=60)
    decision_date = serializers.DateField(required=False, allow_null=True,
                                          help_text="Date of the decision (default: today).")
    legal_basis = enforced(serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False,
        help_text="For a withdrawal: the legal basis of the exclusion (required)."),
        maxLength=300)
