"""What the endpoints that change things share: bodies read by their declared type (JSON, or
multipart for documents), strict about their fields, a rate of their own, answers in JSON."""

from rest_framework.permissions import IsAuthenticated

from ..parsers import BoundedJSONParser, JSONAnswers
from ..throttling import WriteThrottle
from .base import PublicReadMixin


class WriteMixin(PublicReadMixin):
    content_negotiation_class = JSONAnswers
    parser_classes = [BoundedJSONParser]
    permission_classes = [IsAuthenticated]
    throttle_classes = [*PublicReadMixin.throttle_classes, WriteThrottle]

    def body(self, serializer_class):
        """The request body checked by `serializer_class` (400 on any problem)."""
        serializer = serializer_class(data=self.request.data,
                                      context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data
