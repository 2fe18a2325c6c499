"""The production shape, as deploy/two-servers starts it: nginx in front of two app servers
sharing PostgreSQL (and its replica), Redis, the task worker and S3-protocol document storage.
Every request here crosses a real network hop; nothing of the register is imported or faked.

Runs when TWO_SERVERS_STATE names the state.json that `deploy/two-servers start` wrote (CI
does this); otherwise it is skipped."""

import base64
import email
import json
import os
import re
import signal
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from django_otp.oath import totp

STATE = os.environ.get("TWO_SERVERS_STATE")
pytestmark = pytest.mark.skipif(not STATE, reason="deploy/two-servers is not running")

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(scope="module")
def shape():
    return json.loads(Path(STATE).read_text())


class Visitor:
    """A browser-like client of the register through nginx (https, its cookies, CSRF)."""

    def __init__(self, shape):
        self.base = shape["url"]
        self.certificate = shape["certificate"]  # per request: the environment's CA bundle
        self.http = requests.Session()              # would override the session's
        self.http.headers["Accept-Language"] = "en"

    def get(self, path, **kwargs):
        return self.http.get(self.base + path, allow_redirects=False, timeout=30,
                             verify=self.certificate, **kwargs)

    def post(self, path, data=None, **kwargs):
        headers = {"Referer": self.base + path, "Origin": self.base,
                   "X-CSRFToken": self.csrf_token(), **kwargs.pop("headers", {})}
        return self.http.post(self.base + path, data=data, headers=headers,
                              allow_redirects=False, timeout=30, verify=self.certificate,
                              **kwargs)

    def csrf_token(self):
        return next((c.value for c in self.http.cookies if c.name.endswith("csrftoken")), "")

    def sign_in(self, username, password):
        self.get("/accounts/login/")  # sets the CSRF cookie
        answer = self.post("/accounts/login/", {"username": username, "password": password,
                                                "csrfmiddlewaretoken": self.csrf_token()})
        assert answer.status_code == 302, answer.text[:500]
        return answer

    def cookie_header(self):
        return "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)


def direct(shape, port, visitor, method, path, **kwargs):
    """The same visitor's request sent straight to one app server, as nginx would send it."""
    headers = {"Host": "localhost:8443", "X-Forwarded-Proto": "https",
               "X-Forwarded-For": "127.0.0.1", "Cookie": visitor.cookie_header(),
               "Referer": visitor.base + path, "Origin": visitor.base,
               "X-CSRFToken": visitor.csrf_token(), "Accept-Language": "en"}
    return requests.request(method, shape["app_servers"][port] + path, headers=headers,
                            allow_redirects=False, timeout=30, **kwargs)


class Receiver(BaseHTTPRequestHandler):
    """A webhook receiver: keeps each delivery's body."""

    bodies: list = []

    def do_POST(self):
        self.bodies.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def receiver():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


def until(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"not within {seconds} s")


def test_an_anonymous_read_is_served_from_nginx_with_its_age(shape):
    visitor = Visitor(shape)
    path = f"/api/v1/products/?page_size={uuid.uuid4().int % 50 + 3}"
    first = visitor.get(path)
    assert first.status_code == 200 and first.headers["X-Cache-Status"] == "MISS"
    assert "s-maxage" in first.headers["Cache-Control"]
    time.sleep(2.1)
    second = visitor.get(path)
    assert second.headers["X-Cache-Status"] == "HIT"
    assert second.json() == first.json() and second.headers["Date"] == first.headers["Date"]
    assert 2 <= int(second.headers["Age"]) <= 10
    assert second.headers["ETag"] == first.headers["ETag"]


def test_a_signed_in_page_is_never_served_from_the_cache(shape):
    visitor = Visitor(shape)
    visitor.sign_in("integral", shape["demo_password"])
    for _ in range(3):
        page = visitor.get("/portal/")
        assert page.status_code == 200 and "INTEGRAL" in page.text
        assert page.headers["X-Cache-Status"] == "BYPASS"
        assert page.headers["Cache-Control"] == "private, no-store"
        assert "Age" not in page.headers


def test_two_servers_share_documents_sessions_and_the_queue_and_survive_losing_one(
        shape, receiver):
    representative = Visitor(shape)
    representative.sign_in("integral", shape["demo_password"])
    drafts = representative.get("/api/v1/applications/?state=draft").json()["results"]
    draft = next(a for a in drafts if a["kind"] == "amend")

    # Webhooks of entry amendments go to the receiver; the worker delivers them.
    hook = representative.post("/api/v1/webhooks/", json={
        "url": f"http://127.0.0.1:{receiver.server_port}/hook", "kinds": ["entry.amended"]})
    assert hook.status_code == 201, hook.text

    # A document uploaded through the first server is downloaded through the second.
    content = PDF + uuid.uuid4().hex.encode()
    uploaded = direct(shape, "8101", representative, "POST",
                      f"/portal/applications/{draft['id']}/documents/",
                      data={"kind": "datasheet", "title": "Datasheet",
                            "csrfmiddlewaretoken": representative.csrf_token()},
                      files={"file": ("datasheet.pdf", content, "application/pdf")})
    assert uploaded.status_code == 302, uploaded.text[:500]
    page = direct(shape, "8102", representative, "GET", f"/portal/applications/{draft['id']}/")
    link = re.search(rf"/portal/applications/{draft['id']}/documents/(\d+)/", page.text)
    downloaded = direct(shape, "8102", representative, "GET", link.group(0))
    assert downloaded.status_code == 200 and downloaded.content == content
    assert "attachment" in downloaded.headers["Content-Disposition"]

    submitted = representative.post(f"/portal/applications/{draft['id']}/submit/",
                                     {"csrfmiddlewaretoken": representative.csrf_token()})
    assert submitted.status_code == 302

    # The registrar signs in with a second factor, takes and approves it at the desk.
    registrar = Visitor(shape)
    registrar.sign_in("registrar", shape["demo_password"])
    assert "two-factor" in registrar.get("/admin/").headers["Location"]
    setup = registrar.get("/accounts/two-factor/setup/")
    key = re.search(r'class="totp-key">([A-Z2-7=]+)<', setup.text).group(1)
    code = f"{totp(base64.b32decode(key)):06d}"
    enrolled = registrar.post("/accounts/two-factor/setup/",
                              {"code": code, "csrfmiddlewaretoken": registrar.csrf_token()})
    assert enrolled.status_code == 302
    queue = f"/admin/registry/application/{draft['id']}/"
    form = {"csrfmiddlewaretoken": registrar.csrf_token()}
    assert registrar.post(queue + "take/", form).status_code == 302
    approved = registrar.post(queue + "approve/", {**form, "comment": "Two servers agree."})
    assert approved.status_code == 302
    assert representative.get(f"/api/v1/applications/{draft['id']}/").json()["state"] == \
        "approved"

    # The worker, a process of its own, sends the e-mail and the webhook.
    delivered = until(lambda: [b for b in Receiver.bodies if b.get("kind") == "entry.amended"])
    assert delivered[0]["entry"]["registry_number"]
    mail = until(lambda: [m for m in _messages(shape) if "approved" in m.lower()
                          or "одобрен" in m.lower() or "утвержд" in m.lower()])
    assert mail

    # One server stops mid-run: nginx sends everything to the other, sessions go on.
    pid = int(Path(shape["pid_files"]["8101"]).read_text())
    os.kill(pid, signal.SIGTERM)
    until(lambda: _stopped(pid), seconds=40)
    for _ in range(10):
        assert registrar.get("/admin/").status_code == 200
        assert representative.get("/portal/").status_code == 200
        assert representative.get(link.group(0)).content == content
        assert Visitor(shape).get(f"/search/?q={uuid.uuid4().hex[:6]}").status_code == 200


def _messages(shape):
    texts = []
    for path in Path(shape["mail"]).glob("*.log"):
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if raw.strip():
                message = email.message_from_bytes(raw.strip())
                texts += [part.get_payload(decode=True).decode("utf-8", "replace")
                          for part in message.walk() if part.get_content_type() == "text/plain"]
    return texts


def _stopped(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False
