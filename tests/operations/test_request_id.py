"""Every response names its request (X-Request-ID) and every log line written for it too."""

import json
import logging
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings

from registry.operations import requestid
from registry.operations.logformat import JsonFormatter

GENERATED = re.compile(r"[0-9a-f]{32}")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/api/v1/products/", "/no-such-page/", "/healthz"])
def test_every_response_carries_a_request_id(client, path):
    first, second = client.get(path), client.get(path)
    assert GENERATED.fullmatch(first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.django_db
def test_a_well_formed_incoming_id_is_kept(client):
    response = client.get("/", headers={"X-Request-ID": "lb-7f3a9c2e-0001"})
    assert response["X-Request-ID"] == "lb-7f3a9c2e-0001"


@pytest.mark.django_db
@pytest.mark.parametrize("offered", ["short", "has space inside", "x" * 129,
                                     "évènement-1234", "<script>alert(1)</script>"])
def test_a_malformed_incoming_id_is_replaced(client, offered):
    response = client.get("/", headers={"X-Request-ID": offered})
    assert GENERATED.fullmatch(response["X-Request-ID"])


@pytest.mark.django_db
def test_log_lines_written_for_a_request_carry_its_id(client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/no-such-page/", headers={"X-Request-ID": "trace-0123456789"})
    assert response.status_code == 404
    [line] = [r for r in caplog.records if r.name == "django.request"]
    assert line.request_id == "trace-0123456789"
    logging.getLogger("registry").warning("outside any request")
    assert caplog.records[-1].request_id == "-"


def test_the_json_formatter_writes_one_object_a_line():
    token = requestid.current.set("trace-0123456789")
    try:
        record = logging.getLogger("registry").makeRecord(
            "registry", logging.WARNING, __file__, 1, "entry %s refused", ("UR-1",), None,
            extra={"registry_number": "UR-1"})
    finally:
        requestid.current.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "entry UR-1 refused"
    assert line["request_id"] == "trace-0123456789"
    assert line["registry_number"] == "UR-1"
    assert line["level"] == "WARNING" and line["logger"] == "registry"


PROBE = """
import django
django.setup()
from django.test import Client
response = Client().get("/no-such-page/")
print(response["X-Request-ID"])
"""


def test_log_format_json_makes_every_line_json_with_the_request_id(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update({"LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "config.settings",
                "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"})
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=settings.BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    request_id = result.stdout.strip().splitlines()[-1]
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    assert lines, "the 404 is logged"
    assert {line["request_id"] for line in lines} == {request_id}
    assert any(line["message"].startswith("Not Found: /no-such-page/") for line in lines)
