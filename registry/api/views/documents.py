"""Documents of an application: upload (multipart, checked by content as in the portal),
download, and removal from a draft."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from products.downloads import document_response

from ... import workflow
from .. import schema
from ..parsers import BoundedMultiPartParser
from ..refusals import as_api_errors
from ..scopes import REPRESENTATIVE, Scope
from ..serializers.applications import ApplicationDocumentSerializer, DocumentUploadSerializer
from .writing import WriteMixin

FILE_TYPES = ("application/pdf", "image/png", "image/jpeg")


def download_responses():
    answers = schema.responses(None, not_found=True, authenticated=True, conditional=False)
    del answers[200]
    return {**{(200, media): OpenApiResponse(OpenApiTypes.BINARY) for media in FILE_TYPES},
            **answers}


class ApplicationDocumentsView(WriteMixin, GenericAPIView):
    parser_classes = [BoundedMultiPartParser]
    serializer_class = ApplicationDocumentSerializer

    @extend_schema(
        summary="Attach a document",
        description=(
            "A datasheet, certificate of origin or test report, sent as multipart/form-data. "
            "PDF, PNG and JPEG are accepted, recognised by their content; an empty file or "
            "one over the size limit is refused, as in the portal. Only while the application "
            "is a draft or the registrar has asked for changes. Needs a token of the "
            "manufacturer."),
        request={"multipart/form-data": DocumentUploadSerializer},
        responses=schema.write_responses(ApplicationDocumentSerializer, created=True,
                                         conflict=True),
    )
    def post(self, request, pk):
        scope = Scope(request)
        scope.require(REPRESENTATIVE)
        application = scope.application(pk)
        data = self.body(DocumentUploadSerializer)
        with as_api_errors():
            document = workflow.add_document(application, request.user, kind=data["kind"],
                                             title=data.get("title", ""), file=data["file"])
        body = self.get_serializer(document).data
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["url"]})


class ApplicationDocumentView(WriteMixin, GenericAPIView):
    http_method_names = ["get", "delete", "head", "options"]

    def document(self, pk, document_pk):
        application = Scope(self.request).application(pk)
        document = application.documents.filter(pk=document_pk).first()
        if document is None:
            raise NotFound(_("The application has no document with this number."))
        return application, document

    @extend_schema(
        summary="Download a document",
        description="The file as uploaded, with the type found in its content.",
        responses=download_responses(),
    )
    def get(self, request, pk, document_pk):
        application, document = self.document(pk, document_pk)
        return document_response(document, f"application-{application.reference}")

    @extend_schema(
        summary="Remove a document",
        description=("Only while the application is a draft or the registrar has asked for "
                     "changes. Needs a token of the manufacturer."),
        responses=schema.write_responses(conflict=True),
    )
    def delete(self, request, pk, document_pk):
        Scope(request).require(REPRESENTATIVE)
        application, document = self.document(pk, document_pk)
        with as_api_errors():
            workflow.remove_document(application, request.user, document)
        return Response(status=status.HTTP_204_NO_CONTENT)
