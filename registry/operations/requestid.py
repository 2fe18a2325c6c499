"""A request id on every log line written while a request is served, and on its response.

An id the client (or the proxy in front) sends in X-Request-ID is kept when it is well-formed,
so one id follows a request through the proxy's log and ours; anything else is replaced.
"""

import contextvars
import logging
import re
import uuid

from django.core.signals import request_finished

HEADER = "X-Request-ID"
WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")
NO_REQUEST = "-"

current = contextvars.ContextVar("request_id", default=NO_REQUEST)


def accepted(value):
    return value if value and WELL_FORMED.fullmatch(value) else uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE, so that every other middleware's log lines carry the id too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = accepted(request.headers.get(HEADER, ""))
        request.request_id = request_id
        # Not reset on the way out: Django logs a 4xx or 5xx answer after the middleware has
        # returned it. The request_finished signal clears it once the response is sent.
        current.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


def forget(**kwargs):
    current.set(NO_REQUEST)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record a handler sees ("-" outside a request: commands,
    workers), also to records made before install() or by a factory that replaced ours."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = current.get()
        return True


def install():
    """Stamp the id on each record as it is made, so that every handler (a test's too) and
    every formatter sees it, not only the console handler that has the filter."""
    request_finished.connect(forget, dispatch_uid="request_id_forget")
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "stamps_request_id", False):
        return

    def stamped(*args, **kwargs):
        record = make_record(*args, **kwargs)
        record.request_id = current.get()
        return record

    stamped.stamps_request_id = True
    logging.setLogRecordFactory(stamped)
