"""The desk's side of the two states: a registrar reads the other state's matters, says why
they cannot decide there, and may leave a comment (registry.workflow.comments)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from .. import workflow
from ..workflow import rights, steps
from . import forms
from .transitions import transition_view


def context(obj, user):
    refusal = steps.jurisdiction_refusal(obj, user)
    return {"read_only_notice": refusal.message if refusal else "",
            "may_comment": rights.is_registrar(user)}


def comment_url(model_admin):
    opts = model_admin.model._meta
    return path("<path:object_id>/comment/", model_admin.admin_site.admin_view(
        lambda request, object_id: comment_view(model_admin, request, object_id)),
        name=f"{opts.app_label}_{opts.model_name}_comment")


def comment_view(model_admin, request, object_id):
    return transition_view(
        model_admin, request, object_id, step=None, form_class=forms.RegistrarCommentForm,
        title=_("Leave a comment"), button=_("Add the comment"),
        intro=_("The comment goes to the decision log, where the registrars of both states read "
                "it; the manufacturer does not see it."),
        perform=lambda obj, data: workflow.comment(obj, request.user, data["comment"]),
        done=_("Your comment has been added to the decision log."),
    )
