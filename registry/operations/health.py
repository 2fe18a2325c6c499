"""/healthz: can this instance serve? Database, cache, task queue and the disk for media.

django-health-check runs the checks; the answer is always JSON ({check: "OK" or the problem})
with 503 when any check fails, which is what load balancers and orchestrators act on. The
problem is told to internal clients only (METRICS_ALLOWED_IPS or METRICS_TOKEN).
"""

import asyncio
import dataclasses
import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DatabaseError, connections
from django.db.models import Case, F, When
from django.http import JsonResponse
from django.utils import timezone
from django_tasks import task_backends
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from . import metrics


@dataclasses.dataclass
class TaskQueue(HealthCheck):
    """The queue of background tasks (e-mail, webhooks) is readable and being worked off:
    its oldest task that is due has waited less than HEALTH_TASK_MAX_WAIT seconds."""

    alias: str = "default"

    def run(self):
        from django_tasks_db.backend import DatabaseBackend

        backend = task_backends[self.alias]
        if not isinstance(backend, DatabaseBackend):
            return  # the immediate backend runs each task inside the request that queued it
        waited = self._oldest_wait(backend)
        if waited is not None and waited.total_seconds() > settings.HEALTH_TASK_MAX_WAIT:
            raise ServiceUnavailable(
                f"The oldest due task has waited {int(waited.total_seconds())} s: "
                "is a worker running (manage.py db_worker)?")

    def _oldest_wait(self, backend):
        from django_tasks_db.models import DBTaskResult, get_date_max

        # A task without run_after is due from the moment it was queued.
        due = Case(When(run_after=get_date_max(), then=F("enqueued_at")),
                   default=F("run_after"))
        try:
            oldest = (DBTaskResult.objects.ready().filter(backend_name=backend.alias)
                      .annotate(due=due).order_by("due").values_list("due", flat=True).first())
        except DatabaseError as error:
            raise ServiceUnavailable("The task queue cannot be read.") from error
        finally:
            connections["default"].close()  # this runs in a worker thread of the check
        return timezone.now() - oldest if oldest else None


@dataclasses.dataclass
class MediaDisk(HealthCheck):
    """Uploaded documents can be stored: the storage takes a file (and, for local files, the
    disk under MEDIA_ROOT has room for more)."""

    def run(self):
        if not isinstance(default_storage, FileSystemStorage):
            return self._probe_object_storage()
        root = Path(settings.MEDIA_ROOT)
        probe = root / f".healthz-{uuid.uuid4().hex}"  # concurrent probes never share one
        try:
            root.mkdir(parents=True, exist_ok=True)
            probe.write_bytes(b"ok")
            probe.unlink()
        except OSError as error:
            raise ServiceUnavailable(
                f"The media directory is not writable: {error.strerror}") from error
        free = shutil.disk_usage(root).free
        if free < settings.HEALTH_MEDIA_MIN_FREE_MB * 1024 * 1024:
            raise ServiceUnavailable(f"Only {free // (1024 * 1024)} MB free for media.")

    def _probe_object_storage(self):
        try:
            name = default_storage.save(f".healthz/{uuid.uuid4().hex}", ContentFile(b"ok"))
            default_storage.delete(name)
        except Exception as error:  # the client library's errors vary with the store
            raise ServiceUnavailable(
                f"The document storage refuses a file: {type(error).__name__}") from error


class HealthView(HealthCheckView):
    checks = (
        ("health_check.checks.Database", {}),
        ("health_check.checks.Cache", {}),
        (TaskQueue, {}),
        (MediaDisk, {}),
    )
    names = ("database", "cache", "task_queue", "media_disk")

    async def get(self, request, *args, **kwargs):
        with self.get_executor() as executor:
            self.results = await asyncio.gather(
                *(check.get_result(executor) for check in self.get_checks()))
        # Reasons can name internal hosts and paths: only internal clients (as for /metrics)
        # read them; anyone else learns which check fails.
        detailed = metrics.allowed(request)
        answers = {name: "OK" if not result.error else str(result.error) if detailed
                   else "failing"
                   for name, result in zip(self.names, self.results, strict=True)}
        failing = any(result.error for result in self.results)
        return JsonResponse({"status": "failing" if failing else "ok", "checks": answers},
                            status=503 if failing else 200)
