"""Webhook subscriptions of the client's own: create, read, change, delete, and the log of
their deliveries. Nobody sees another's subscriptions (404)."""

from django.db.models import Count, Max
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from ...models import WebhookSubscription
from .. import conditional, schema
from ..ordering import KeysetOrderingFilter
from ..pagination import KeysetPagination
from ..refusals import as_api_errors
from ..serializers.webhooks import (
    DeliverySerializer,
    NewWebhookSerializer,
    WebhookCreateSerializer,
    WebhookSerializer,
    WebhookUpdateSerializer,
)
from ..webhooks import subscriptions
from .writing import WriteMixin

DESCRIPTION = (
    "Each event of the change feed is POSTed to the subscription's address as JSON, exactly "
    "as GET /api/v1/changes/ shows it, in feed order, with X-Register-Event, "
    "X-Register-Event-Id and X-Register-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "
    "\"<t>.<body>\" under the secret>. A 2xx answer acknowledges it; anything else (or no "
    "answer within seconds; redirects are not followed) is retried with doubling pauses and, "
    "after the last attempt, the subscription stops with its cursor where it was. A receiver "
    "that missed events reads GET /api/v1/changes/?after=<the last id it has>.")


@extend_schema_view(
    list=extend_schema(summary="Webhook subscriptions", description=DESCRIPTION,
                       parameters=schema.parameters(),
                       responses=schema.responses(WebhookSerializer(many=True),
                                                  authenticated=True)),
    retrieve=extend_schema(summary="One webhook subscription", parameters=schema.parameters(),
                           responses=schema.responses(WebhookSerializer, not_found=True,
                                                      authenticated=True)),
    create=extend_schema(summary="Subscribe", description=DESCRIPTION,
                         request=WebhookCreateSerializer,
                         responses=schema.write_responses(NewWebhookSerializer, created=True,
                                                          not_found=False)),
    partial_update=extend_schema(summary="Change a subscription",
                                 request=WebhookUpdateSerializer,
                                 responses=schema.write_responses(WebhookSerializer)),
    destroy=extend_schema(summary="Unsubscribe", responses=schema.write_responses()),
)
class WebhookViewSet(WriteMixin, viewsets.GenericViewSet):
    serializer_class = WebhookSerializer
    filter_backends = [KeysetOrderingFilter]
    ordering_fields = ("created_at",)
    ordering = ("created_at",)
    pagination_class = KeysetPagination
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    lookup_value_regex = "[0-9]{1,18}"
    list_actions = ("list", "deliveries")

    def get_queryset(self):
        return WebhookSubscription.objects.restrict(self.request.user)

    def subscription(self, pk):
        found = self.get_queryset().filter(pk=pk).first()
        if found is None:
            raise NotFound()
        return found

    def list(self, request):
        # Deliveries move the cursor and count attempts without saving the row: a page of a
        # client's few subscriptions is validated by its body.
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        return self.answer(request, self.get_paginated_response(
            self.get_serializer(page, many=True).data))

    def retrieve(self, request, pk):
        return self.answer(request, Response(self.get_serializer(self.subscription(pk)).data))

    @staticmethod
    def answer(request, response):
        validators = conditional.of_content(request, response.data)
        return validators.not_modified(request) or validators.apply(response)

    def create(self, request):
        data = self.body(WebhookCreateSerializer)
        with as_api_errors(proposal=False):
            subscription, secret = subscriptions.subscribe(request.user, **data)
        subscription.secret = secret
        body = NewWebhookSerializer(subscription, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED,
                        headers={"Location": body["api_url"]})

    def partial_update(self, request, pk):
        subscription = self.subscription(pk)
        data = self.body(WebhookUpdateSerializer)
        with as_api_errors(proposal=False):
            subscription = subscriptions.change(subscription, **data)
        return Response(self.get_serializer(subscription).data)

    def destroy(self, request, pk):
        self.subscription(pk).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Deliveries of a subscription",
        description="Every delivery attempt, newest first: the event, the attempt, the "
                    "answer's status, how long it took, what went wrong.",
        parameters=schema.parameters(),
        responses=schema.responses(DeliverySerializer(many=True), not_found=True,
                                   authenticated=True),
    )
    @action(detail=True, methods=["get"], serializer_class=DeliverySerializer,
            ordering_fields=("attempted_at",), ordering=("-attempted_at",))
    def deliveries(self, request, pk):
        queryset = self.filter_queryset(
            self.subscription(pk).deliveries.select_related("event"))
        self.paginator.check_query(request, queryset)
        stamp = queryset.order_by().aggregate(rows=Count("pk"), last=Max("pk"))
        validators = conditional.Validators.of(request, stamp["rows"], stamp["last"])
        not_modified = validators.not_modified(request)
        if not_modified is not None:
            return not_modified
        page = self.paginate_queryset(queryset)
        return validators.apply(self.get_paginated_response(
            self.get_serializer(page, many=True).data))
