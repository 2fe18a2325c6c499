"""How long a signed-in session lasts: SESSION_IDLE_SECONDS without a request, and at most
SESSION_ABSOLUTE_SECONDS after signing in, however busy. Then the visitor is signed out and
told so; the page they asked for answers as it does to anyone not signed in."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext as _

STARTED = "session.started"
SEEN = "session.seen"
# Writing the session on every request costs a write each; once a minute is precise enough.
TOUCH_SECONDS = 60


def _now():
    return int(time.time())


def start(sender, request, user, **kwargs):
    request.session[STARTED] = request.session[SEEN] = _now()


def connect():
    user_logged_in.connect(start, dispatch_uid="registry.security.sessions.start")


def expired(session, now):
    started, seen = session.get(STARTED, now), session.get(SEEN, now)
    return (now - seen > settings.SESSION_IDLE_SECONDS
            or now - started > settings.SESSION_ABSOLUTE_SECONDS)


class SessionExpiryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    @staticmethod
    def _check(request):
        now, session = _now(), request.session
        if expired(session, now):
            logout(request)
            messages.info(request, _("Your session has expired; please sign in again."))
            return
        session.setdefault(STARTED, now)  # sessions begun before this rule existed
        if now - session.get(SEEN, 0) >= TOUCH_SECONDS:
            session[SEEN] = now
