"""/healthz: 200 with every check's answer when the instance can serve, 503 when it cannot.

The checks run in threads of their own with their own database connections, so these tests
commit what they set up (transaction=True) as a real deployment would have it.
"""

import datetime
import uuid

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

pytestmark = pytest.mark.django_db(transaction=True)

CHECKS = {"database", "cache", "task_queue", "media_disk"}
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.HEALTH_MEDIA_MIN_FREE_MB = 1


def queued_task(waited):
    task = DBTaskResult.objects.create(
        status="READY", args_kwargs={"args": [], "kwargs": {}}, priority=0,
        task_path="registry.notifications.send_mail", queue_name="default",
        backend_name="default", run_after=get_date_max(), exception_class_path="",
        traceback="", id=uuid.uuid4(),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - waited)


def test_a_healthy_instance_answers_200_with_each_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "checks": dict.fromkeys(CHECKS, "OK")}
    assert "no-cache" in response["Cache-Control"]


def test_media_that_cannot_be_written_is_a_503(client, settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the media directory should be")
    settings.MEDIA_ROOT = blocker / "media"
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing"
    assert body["checks"]["media_disk"].startswith("Unavailable: The media directory is not "
                                                   "writable")
    assert body["checks"]["database"] == "OK"
    # From outside, which check fails, not why (a reason can name internal paths and hosts).
    outside = client.get("/healthz", REMOTE_ADDR="203.0.113.9")
    assert outside.status_code == 503
    assert outside.json()["checks"] == {"database": "OK", "cache": "OK", "task_queue": "OK",
                                        "media_disk": "failing"}


def test_a_full_media_disk_is_a_503(client, settings):
    settings.HEALTH_MEDIA_MIN_FREE_MB = 10**12  # more than any disk has
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "MB free for media" in response.json()["checks"]["media_disk"]


def test_a_queue_nobody_works_off_is_a_503(client, settings):
    settings.TASKS = DATABASE_QUEUE
    settings.HEALTH_TASK_MAX_WAIT = 600
    queued_task(datetime.timedelta(seconds=30))
    assert client.get("/healthz").status_code == 200
    queued_task(datetime.timedelta(hours=2))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "is a worker running" in response.json()["checks"]["task_queue"]
