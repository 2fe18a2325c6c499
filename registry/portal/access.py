"""Which applications a signed-in user reaches in the portal: those of the manufacturers they
represent. Anything else answers 404, so the portal does not even confirm it exists."""

from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404

from ..models import Application, Decision
from ..models.decisions import REGISTRAR_ACTIONS
from ..workflow import rights


def last_registrar_comment():
    return Subquery(
        Decision.objects.filter(application=OuterRef("pk"), action__in=REGISTRAR_ACTIONS)
        .exclude(comment="").order_by("-occurred_at", "-pk").values("comment")[:1]
    )


def my_applications(user):
    return (
        Application.objects.represented_by(user)
        .select_related("manufacturer", "product")
        .annotate(registrar_comment=last_registrar_comment())
        .order_by("-created_at", "-pk")
    )


def application_for(user, pk):
    application = get_object_or_404(
        Application.objects.represented_by(user).select_related(
            "manufacturer", "product", "product__category"),
        pk=pk,
    )
    application.can_edit = rights.can_edit(user, application.manufacturer)
    return application
