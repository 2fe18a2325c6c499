"""Applications through the API: the same workflow functions as the portal and the desk.

A representative's token creates, changes, submits, resubmits and withdraws its manufacturers'
applications; a registrar's token takes them for review and decides. What a token cannot see
answers 404, whether it exists or not; a step it may not take, 403; a step the state does
not allow, 409 with the workflow's message; bad data, 400 with a message per field.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from products.models import Product

from ... import workflow
from ...filters import ApplicationFilterSet
from ...models import Action, ApplicationDocument, Decision
from ...workflow.steps import APPLICATION
from .. import schema
from ..filtering import FilterBackend
from ..ordering import KeysetOrderingFilter
from ..pagination import KeysetPagination
from ..refusals import as_api_errors
from ..scopes import NOT_FOUND, REGISTRAR, REPRESENTATIVE, Scope
from ..serializers import applications as bodies
from ..serializers.applications import ApplicationSerializer
from .conditional import ConditionalReadMixin
from .writing import WriteMixin


def step(name, summary, body=None, description=""):
    """The schema of a step: its body, and the application after it or an error."""
    role = APPLICATION.sides[name]
    who = "a registrar's token" if role == REGISTRAR else "a token of the manufacturer"
    return extend_schema(
        summary=summary, request=body,
        description=f"{description} Needs {who}.".strip(),
        responses=schema.write_responses(ApplicationSerializer, conflict=True),
    )


@extend_schema_view(
    list=extend_schema(
        summary="Applications",
        description=(
            "The applications the token may see: a representative's token those of its "
            "manufacturers, a registrar's token those submitted to the registrars. Newest "
            "first unless ordered otherwise."),
        parameters=schema.parameters(last_modified=True),
        responses=schema.responses(ApplicationSerializer(many=True), authenticated=True),
    ),
    retrieve=extend_schema(
        summary="One application",
        parameters=schema.parameters(),
        responses=schema.responses(ApplicationSerializer, not_found=True, authenticated=True),
    ),
    create=extend_schema(
        summary="New application",
        description=(
            "A draft: the inclusion of a new product, the amendment of an entry or its "
            "withdrawal. The proposed data is checked as in the portal. Needs a token of the "
            "manufacturer."),
        request=bodies.ApplicationCreateSerializer,
        responses=schema.write_responses(ApplicationSerializer, created=True, conflict=True,
                                         not_found=False),
    ),
    partial_update=extend_schema(
        summary="Change a draft",
        description=(
            "The proposed data or the covering note, while the application is a draft or "
            "the registrar has asked for changes. Needs a token of the manufacturer."),
        request=bodies.ApplicationUpdateSerializer,
        responses=schema.write_responses(ApplicationSerializer, conflict=True),
    ),
)
class ApplicationViewSet(ConditionalReadMixin, WriteMixin, viewsets.GenericViewSet):
    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilterSet
    filter_backends = [FilterBackend, KeysetOrderingFilter]
    ordering_fields = ("created_at", "updated_at")
    ordering = ("-created_at",)
    pagination_class = KeysetPagination
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = "[0-9]{1,18}"
    # Every step saves the application; the entry's status (shown with it) changes with the entry.
    timestamps = ("updated_at", "product__updated_at")
    not_found_message = NOT_FOUND
    narrowable = False

    def get_queryset(self):
        return Scope(self.request).applications()

    @staticmethod
    def load(queryset):
        return queryset.select_related("manufacturer", "product").prefetch_related(
            Prefetch("documents", ApplicationDocument.objects.order_by("pk")),
            # Registrars' comments are between the registrars of the two states.
            Prefetch("decisions", Decision.objects.exclude(action=Action.COMMENTED)
                     .select_related("actor").order_by("occurred_at", "pk")),
        )

    def application(self, pk):
        return Scope(self.request).application(pk)

    def answer(self, application, status_code=status.HTTP_200_OK):
        application = self.load(type(application).objects.filter(pk=application.pk)).get()
        response = Response(self.get_serializer(application).data, status=status_code)
        if status_code == status.HTTP_201_CREATED:
            response["Location"] = response.data["api_url"]
        return response

    # --- The manufacturer's steps ---------------------------------------------------------

    def create(self, request):
        scope = Scope(request)
        scope.require(REPRESENTATIVE)
        data = self.body(bodies.ApplicationCreateSerializer)
        manufacturer = scope.manufacturers().filter(slug=data["manufacturer"]).first()
        if manufacturer is None:
            raise ValidationError({"manufacturer": [_(
                "Choose a manufacturer you represent and this token acts for.")]})
        product = self.entry(data, manufacturer)
        with as_api_errors():
            application = workflow.create_application(
                request.user, manufacturer, data["kind"], product=product,
                data=data.get("proposal"), note=data.get("note", ""))
        return self.answer(application, status.HTTP_201_CREATED)

    @staticmethod
    def entry(data, manufacturer):
        if data["kind"] == "include":
            if "registry_number" in data:
                raise ValidationError({"registry_number": [_(
                    "An inclusion creates a new entry; leave the registry number out.")]})
            return None
        number = data.get("registry_number", "").strip().upper()
        if not number:
            raise ValidationError({"registry_number": [_(
                "Enter the registry number of the entry.")]})
        product = Product.objects.filter(registry_number=number,
                                         manufacturer=manufacturer).first()
        if product is None:
            raise ValidationError({"registry_number": [_(
                "%(maker)s has no entry with this number.") % {"maker": manufacturer}]})
        return product

    def partial_update(self, request, pk):
        Scope(request).require(REPRESENTATIVE)
        application = self.application(pk)
        data = self.body(bodies.ApplicationUpdateSerializer)
        proposal = data.get("proposal")
        if proposal is not None:
            proposal = {**application.proposal, **proposal}
        with as_api_errors():
            application = workflow.update_draft(application, request.user, data=proposal,
                                                note=data.get("note"))
        return self.answer(application)

    @step("submit", "Submit a draft", description="The draft goes to the registrars.")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk):
        return self.take_step("submit", pk)

    @step("resubmit", "Resubmit", bodies.CommentSerializer,
          "Send back an application the registrar returned for changes, with an answer.")
    @action(detail=True, methods=["post"])
    def resubmit(self, request, pk):
        return self.take_step("resubmit", pk, bodies.CommentSerializer)

    @step("withdraw", "Withdraw", bodies.CommentSerializer,
          "Take back a draft, or one submitted but not yet taken for review.")
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk):
        return self.take_step("withdraw", pk, bodies.CommentSerializer)

    # --- The registrar's steps ------------------------------------------------------------

    @step("take", "Take for review",
          description="Take a submitted application (or take it over from another registrar).")
    @action(detail=True, methods=["post"])
    def take(self, request, pk):
        return self.take_step("take", pk)

    @step("request_changes", "Request changes", bodies.RequestChangesSerializer,
          description="Return the application to the manufacturer, saying what to change.")
    @action(detail=True, methods=["post"], url_path="request-changes")
    def request_changes(self, request, pk):
        return self.take_step("request_changes", pk, bodies.RequestChangesSerializer)

    @step("approve", "Approve", bodies.ApproveSerializer, description=(
        "Include the product (a new registry number), amend the entry, or exclude it (a "
        "withdrawal, with its legal basis)."))
    @action(detail=True, methods=["post"])
    def approve(self, request, pk):
        return self.take_step("approve", pk, bodies.ApproveSerializer)

    @step("reject", "Reject", bodies.RejectSerializer,
          description="Close the application, giving the reason.")
    @action(detail=True, methods=["post"])
    def reject(self, request, pk):
        return self.take_step("reject", pk, bodies.RejectSerializer)

    @extend_schema(
        summary="Comment", request=bodies.RegistrarCommentSerializer,
        description=("Leave a comment in the decision log; any registrar of either state may, "
                     "including those of the state that does not decide on the application. "
                     "Changes nothing else. Needs a registrar's token."),
        responses=schema.write_responses(ApplicationSerializer, conflict=True))
    @action(detail=True, methods=["post"])
    def comment(self, request, pk):
        Scope(request).require(REGISTRAR)
        application = self.application(pk)
        data = self.body(bodies.RegistrarCommentSerializer)
        with as_api_errors():
            workflow.comment(application, request.user, data["comment"])
        return self.answer(application)

    def take_step(self, name, pk, body=None):
        """Step `name` of the workflow's table: the token's scope for its side, then the
        workflow function, which checks the actor and the state against the same table; the
        body's fields are the function's arguments."""
        Scope(self.request).require(APPLICATION.sides[name])
        application = self.application(pk)
        data = self.body(body) if body is not None else {}  # a step without arguments
        with as_api_errors():
            application = APPLICATION.steps[name].function(application, self.request.user,
                                                           **data)
        return self.answer(application)
