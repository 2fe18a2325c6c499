"""Catalogue batches through the API: the same workflow functions as the portal and the desk
(registry.workflow.batches).

A representative's token stages a batch (rows as JSON objects, checked as the portal checks
an uploaded file), reads the verdict of each row, drops rows and submits it; a registrar's
token approves all or chosen rows, requests changes on chosen rows (a comment each) or
rejects the rest. What a token cannot see answers 404.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response

from ...models import Batch, RowOutcome
from ...workflow import batches as workflow
from .. import conditional, schema
from ..refusals import as_api_errors
from ..scopes import REGISTRAR, REPRESENTATIVE, Scope
from ..serializers import batches as bodies
from ..serializers.batches import BatchSerializer, StagedRowSerializer
from .writing import WriteMixin

NO_BATCH = _("You have no batch with this number.")


class RowPagination(LimitOffsetPagination):
    default_limit = 200
    max_limit = 1000


def _step(summary, body, description):
    return extend_schema(summary=summary, request=body, description=description,
                         responses=schema.write_responses(BatchSerializer, conflict=True))


@extend_schema_view(
    list=extend_schema(summary="Catalogue batches",
                       description="The batches the token may see: a representative's token "
                                   "those of its manufacturers, a registrar's token the "
                                   "submitted ones.",
                       parameters=schema.parameters(last_modified=False),
                       responses=schema.responses(BatchSerializer(many=True),
                                                  authenticated=True)),
    retrieve=extend_schema(summary="One catalogue batch",
                           parameters=schema.parameters(last_modified=False),
                           responses=schema.responses(BatchSerializer, not_found=True,
                                                      authenticated=True)),
)
class BatchViewSet(WriteMixin, viewsets.GenericViewSet):
    serializer_class = BatchSerializer
    http_method_names = ["get", "post", "head", "options"]
    lookup_value_regex = "[0-9]{1,18}"
    pagination_class = None
    extra_parameters = {"rows": ("outcome", "limit", "offset")}

    def get_queryset(self):
        scope = Scope(self.request)
        queryset = Batch.objects.restrict(self.request.user).select_related("manufacturer")
        if scope.token is None:
            return queryset
        if scope.token.acts_as_registrar:
            return queryset.filter(submitted_at__isnull=False)
        return queryset.filter(manufacturer__in=scope.token.manufacturers.all())

    def batch(self, pk):
        found = self.get_queryset().filter(pk=pk).first()
        if found is None:
            raise NotFound(NO_BATCH)
        return found

    def answer(self, batch, status_code=status.HTTP_200_OK):
        batch = Batch.objects.select_related("manufacturer").get(pk=batch.pk)
        response = Response(self.get_serializer(batch).data, status=status_code)
        if status_code == status.HTTP_201_CREATED:
            response["Location"] = response.data["api_url"]
        return response

    def list(self, request):
        return self.conditional(Response(
            self.get_serializer(self.get_queryset()[:100], many=True).data))

    def retrieve(self, request, pk):
        return self.conditional(Response(self.get_serializer(self.batch(pk)).data))

    def conditional(self, response):
        """Validators that hash the body: a batch's counts change with its applications."""
        validators = conditional.of_content(self.request, response.data)
        return validators.not_modified(self.request) or validators.apply(response)

    @extend_schema(
        summary="The rows of a batch",
        description="Each row with its verdict: a new entry, an amendment (with the fields it "
                    "changes), unchanged, or errors by column; after submission, its "
                    "application and the application's state.",
        parameters=schema.parameters(
            OpenApiParameter("outcome", str, enum=RowOutcome.values,
                             description="Only rows with this verdict."),
            last_modified=False),
        responses=schema.responses(StagedRowSerializer(many=True), not_found=True,
                                   authenticated=True))
    @action(detail=True, methods=["get"], pagination_class=RowPagination)
    def rows(self, request, pk):
        batch = self.batch(pk)
        rows = batch.rows.select_related("product", "application__product").order_by("line")
        outcome = request.query_params.get("outcome")
        if outcome is not None:
            if outcome not in RowOutcome.values:
                raise ValidationError({"outcome": [_("Choose one of: %(values)s.") % {
                    "values": ", ".join(RowOutcome.values)}]})
            rows = rows.filter(outcome=outcome)
        page = self.paginate_queryset(rows)
        return self.conditional(
            self.get_paginated_response(StagedRowSerializer(page, many=True).data))

    # --- The manufacturer's steps ---------------------------------------------------------

    @extend_schema(
        summary="Stage a catalogue batch",
        description="Rows checked as the portal checks an uploaded catalogue; nothing is "
                    "applied until the batch is submitted. The check runs as a task: while "
                    "`state` is `checking`, `counts.pending` says how many rows wait for it. "
                    "Needs a token of the manufacturer.",
        request=bodies.BatchCreateSerializer,
        responses=schema.write_responses(BatchSerializer, created=True, conflict=True,
                                         not_found=False))
    def create(self, request):
        scope = Scope(request)
        scope.require(REPRESENTATIVE)
        data = self.body(bodies.BatchCreateSerializer)
        manufacturer = scope.manufacturers().filter(slug=data["manufacturer"]).first()
        if manufacturer is None:
            raise ValidationError({"manufacturer": [_(
                "Choose a manufacturer you represent and this token acts for.")]})
        rows = [(index, dict(cells)) for index, cells in enumerate(data["rows"], start=1)]
        with as_api_errors(proposal=False):
            batch = workflow.check_and_stage(request.user, manufacturer, {}, rows,
                                             file_name="api")
        return self.answer(batch, status.HTTP_201_CREATED)

    @_step("Drop rows", bodies.BatchDropSerializer,
           "Leave rows out of a staged batch (or take them back with dropped: false). Needs a "
           "token of the manufacturer.")
    @action(detail=True, methods=["post"])
    def drop(self, request, pk):
        Scope(request).require(REPRESENTATIVE)
        batch = self.batch(pk)
        data = self.body(bodies.BatchDropSerializer)
        with as_api_errors(proposal=False):
            batch = workflow.drop_rows(batch, request.user, data["lines"], data["dropped"])
        return self.answer(batch)

    @_step("Submit a batch", bodies.BatchNoteSerializer,
           "Every kept row that adds or changes an entry becomes a submitted application; "
           "refused while any kept row has errors. Needs a token of the manufacturer.")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk):
        Scope(request).require(REPRESENTATIVE)
        batch = self.batch(pk)
        data = self.body(bodies.BatchNoteSerializer)
        with as_api_errors(proposal=False):
            batch = workflow.submit_batch(batch, request.user, data.get("note", ""))
        return self.answer(batch)

    # --- The registrar's steps ------------------------------------------------------------

    @_step("Approve rows", bodies.BatchLinesSerializer,
           "Approve the rows awaiting a decision (all, or those on `lines`) in row order, in "
           "one transaction. Needs a registrar's token.")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk):
        Scope(request).require(REGISTRAR)
        batch = self.batch(pk)
        data = self.body(bodies.BatchLinesSerializer)
        with as_api_errors(proposal=False):
            batch = workflow.approve_rows(batch, request.user, data.get("lines"),
                                          comment=data.get("comment", ""))
        return self.answer(batch)

    @_step("Request changes on rows", bodies.BatchRequestChangesSerializer,
           "Send the chosen rows back to the manufacturer, each with its comment. Needs a "
           "registrar's token.")
    @action(detail=True, methods=["post"], url_path="request-changes")
    def request_changes(self, request, pk):
        Scope(request).require(REGISTRAR)
        batch = self.batch(pk)
        data = self.body(bodies.BatchRequestChangesSerializer)
        comments = {row["line"]: row["comment"] for row in data["rows"]}
        with as_api_errors(proposal=False):
            batch = workflow.request_changes_on_rows(batch, request.user, comments)
        return self.answer(batch)

    @_step("Reject a batch", bodies.BatchRejectSerializer,
           "Reject every row still awaiting a decision, with one reason. Needs a registrar's "
           "token.")
    @action(detail=True, methods=["post"])
    def reject(self, request, pk):
        Scope(request).require(REGISTRAR)
        batch = self.batch(pk)
        data = self.body(bodies.BatchRejectSerializer)
        with as_api_errors(proposal=False):
            batch = workflow.reject_batch(batch, request.user, data["reason"])
        return self.answer(batch)
