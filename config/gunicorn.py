"""gunicorn settings for `make serve`; each value can be overridden from the environment."""

import gc
import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Threads share a process's connection pool; a few processes use every core.
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", 4))
timeout = int(os.environ.get("WEB_TIMEOUT", 120))  # streamed exports of the whole register
graceful_timeout = 30
keepalive = 5
max_requests = 5000
max_requests_jitter = 500
accesslog = os.environ.get("ACCESS_LOG", "-")
# The combined format and the request id the register answered with (X-Request-ID).
access_log_format = ('%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(L)s '
                     'request_id=%({x-request-id}o)s')
errorlog = "-"


def post_worker_init(worker):
    """Load every view, then leave the loaded application out of garbage collection: a full
    collection walks only what requests allocate. A page of 500 feed events allocates enough
    to set one off, and walking the whole application made it the slowest tenth."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (imports the views, serializers and forms)
    gc.freeze()
