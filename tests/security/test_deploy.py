"""Production settings pass Django's deploy checks, and every response carries the security
headers: HSTS and secure cookies in production, a Content-Security-Policy without
'unsafe-inline', X-Frame-Options, Referrer-Policy, Permissions-Policy, nosniff."""

import base64
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from registry.extracts import certificate

ROOT = Path(settings.BASE_DIR)


def production_env(tmp_path):
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "DATABASE_"))}
    pdf_signing = tmp_path / "extract-pdf-signing.pem"
    pdf_signing.write_bytes(certificate.pem_bundle(certificate.generate()))
    env.update({
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "register.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "EXTRACT_SIGNING_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
        "EXTRACT_PDF_KEY_FILE": str(pdf_signing),
        "EXTRACT_PDF_CERTIFICATE_FILE": str(pdf_signing),
        "MEDIA_ROOT": str(tmp_path / "media"),
    })
    return env


def run(args, env):
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
                 production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings
call_command("migrate", verbosity=0)
# Hashed static names need collectstatic; the plain storage is enough to see the headers.
override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
response = Client().get("/accounts/login/", secure=True, headers={"host": "register.example.org"})
print(json.dumps({"status": response.status_code, "headers": dict(response.headers),
                  "cookies": {name: {key: str(morsel[key]) for key in ("secure", "httponly",
                                                                      "samesite")}
                              for name, morsel in response.cookies.items()},
                  "debug": settings.DEBUG, "otp": settings.REGISTRAR_REQUIRE_OTP}))
"""


@pytest.fixture(scope="module")
def production_response(tmp_path_factory):
    env = {**production_env(tmp_path_factory.mktemp("production")),
           "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = run(["-c", PROBE], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_hsts_and_secure_cookies(production_response):
    headers = production_response["headers"]
    assert production_response["status"] == 200 and not production_response["debug"]
    assert headers["Strict-Transport-Security"] == \
        "max-age=31536000; includeSubDomains; preload"
    assert "upgrade-insecure-requests" in headers["Content-Security-Policy"]
    cookie = production_response["cookies"]["__Host-csrftoken"]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert production_response["otp"], "registrars give a second factor in production"


def test_production_redirects_plain_http_to_https(tmp_path):
    probe = ("import django; django.setup(); from django.test import Client; "
             "r = Client().get('/', headers={'host': 'register.example.org'}); "
             "print(r.status_code, r['Location'])")
    result = run(["-c", probe], {**production_env(tmp_path),
                                 "DJANGO_SETTINGS_MODULE": "config.settings"})
    assert result.stdout.split() == ["301", "https://register.example.org/"], result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/search/?q=74HC", "/accounts/login/", "/api/v1/",
                                 "/api/docs/", "/admin/login/", "/no-such-page/"])
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if " " in part)
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.django_db
def test_forms_need_a_csrf_token(rep_a):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(rep_a)
    assert strict.post("/portal/admission/", {"name_ru": "x"}).status_code == 403
    assert strict.post("/accounts/login/", {"username": "a", "password": "b"}).status_code == 403
