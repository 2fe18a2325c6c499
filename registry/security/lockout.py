"""What a visitor sees once django-axes refuses their sign-in: the site's page, saying how
many attempts failed and for how long signing in is refused (HTTP 429), on the site's and on
the admin's sign-in alike."""

import math

from django.conf import settings
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(request, "registration/locked_out.html", {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": minutes,
    }, status=429)
