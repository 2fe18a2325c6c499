"""Domestic substitutes of a foreign part, best compatibility first."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from products import partnumbers
from products.substitutes import LIMIT as MAX_LIMIT
from products.substitutes import find_substitutes

from .. import conditional, query, schema
from ..errors import InvalidQuery
from ..serializers.substitutes import SubstitutesSerializer
from .base import PublicReadMixin

PART, LIMIT = "part", "limit"
MAX_PART_LENGTH = 100
DEFAULT_LIMIT = MAX_LIMIT


class SubstitutesView(PublicReadMixin, APIView):
    extra_parameters = {"get": (PART, LIMIT)}

    @extend_schema(
        summary="Domestic substitutes of a foreign part",
        description=(
            "Entries in force that declare the foreign part, or a part of its family, as an "
            "analog, then entries of its category whose parameters cover its own (known "
            "from the reference catalogue of foreign parts, or from the declared analogs). "
            "Each carries its level (pin_to_pin only with the same package and pin count), "
            "a score and a parameter-by-parameter comparison. Any ordering code works "
            "(SN74HC164N, 74HC164D, STM32F103C8T6)."),
        parameters=schema.parameters(
            OpenApiParameter(PART, {"type": "string", "minLength": 1,
                                    "maxLength": MAX_PART_LENGTH},
                             required=True, description="The foreign part number."),
            OpenApiParameter(LIMIT, {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
                             description=f"At most this many substitutes ({DEFAULT_LIMIT})."),
            last_modified=False,
        ),
        responses=schema.responses(SubstitutesSerializer),
    )
    def get(self, request):
        part = self.part(request.query_params)
        limit = query.integer(request.query_params, LIMIT, DEFAULT_LIMIT, 1, MAX_LIMIT)
        substitutes = find_substitutes(part, limit)
        data = SubstitutesSerializer({"part": part, "results": substitutes},
                                     context={"request": request}).data
        validators = conditional.of_content(request, data)
        return validators.not_modified(request) or validators.apply(Response(data))

    @staticmethod
    def part(params):
        part = (params.get(PART) or "").strip()
        if not part:
            raise InvalidQuery(PART, _("Give the foreign part number to find substitutes "
                                       "for."), code="required")
        if len(part) > MAX_PART_LENGTH:
            raise InvalidQuery(PART, _("The part number is too long (at most %(max)d "
                                       "characters).") % {"max": MAX_PART_LENGTH},
                               code="max_length")
        if not partnumbers.plain(part):
            raise InvalidQuery(PART, _("A part number needs at least one letter or digit."),
                               code="invalid")
        return part
