"""How the portal's views report the workflow's refusals: a message, and nothing changed."""

from django.contrib import messages
from django.shortcuts import redirect


def refused(request, error, application):
    messages.error(request, error.message)
    return redirect("portal:application", application.pk)
