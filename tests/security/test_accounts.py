"""Accounts: sign-in throttling (site and admin), strong passwords, expiring sessions and the
second factor of registrars."""

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from registry.security import sessions
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "pw-Long-enough-1"  # tests.factories.make_user


def sign_in(client, url, username, password):
    return client.post(url, {"username": username, "password": password})


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_repeated_failures_lock_the_sign_in_with_a_clear_message(client, settings, registrar,
                                                                 url):
    settings.AXES_FAILURE_LIMIT = 3
    for _attempt in range(2):
        assert sign_in(client, url, registrar.username, "wrong-Password-0").status_code == 200
    locked = sign_in(client, url, registrar.username, "wrong-Password-0")
    assert locked.status_code == 429
    assert "Sign-in refused for a while" in locked.content.decode()
    assert "15 minutes" in locked.content.decode()
    # Even the right password is refused now, and nobody is signed in.
    assert sign_in(client, url, registrar.username, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_user_name_and_ends_after_the_cool_off(client, settings, rep_a,
                                                                  rep_b):
    settings.AXES_FAILURE_LIMIT = 2
    for _attempt in range(2):
        sign_in(client, "/accounts/login/", rep_a.username, "wrong-Password-0")
    assert sign_in(client, "/accounts/login/", rep_a.username, PASSWORD).status_code == 429
    assert sign_in(client, "/accounts/login/", rep_b.username, PASSWORD).status_code == 302
    client.logout()
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time="2000-01-01T00:00:00Z")
    assert sign_in(client, "/accounts/login/", rep_a.username, PASSWORD).status_code == 302


def test_a_success_before_the_limit_forgets_the_failures(client, settings, rep_a):
    settings.AXES_FAILURE_LIMIT = 3
    for _round in range(3):
        for _attempt in range(2):
            sign_in(client, "/accounts/login/", rep_a.username, "wrong-Password-0")
        assert sign_in(client, "/accounts/login/", rep_a.username, PASSWORD).status_code == 302
        client.logout()


@pytest.mark.parametrize("password", ["Short-pw-1", "123456789012345", "password12345",
                                      "rep_a@example.org"])
def test_weak_passwords_are_refused(rep_a, password):
    with pytest.raises(ValidationError):
        validate_password(password, rep_a)


def test_sign_up_refuses_a_short_password(client):
    response = client.post("/accounts/signup/", {
        "username": "newcomer", "email": "newcomer@example.org", "language": "ru",
        "password1": "Tr0ub4dor&3", "password2": "Tr0ub4dor&3"})
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()


def test_a_session_ends_after_the_idle_time(client, settings, rep_a, monkeypatch):
    settings.SESSION_IDLE_SECONDS = 600
    sign_in(client, "/accounts/login/", rep_a.username, PASSWORD)
    assert client.get("/portal/").status_code == 200
    now = time.time()
    monkeypatch.setattr(sessions.time, "time", lambda: now + 599)
    assert client.get("/portal/").status_code == 200  # still active: the clock restarts
    monkeypatch.setattr(sessions.time, "time", lambda: now + 599 + 601)
    response = client.get("/portal/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert "Your session has expired" in response.content.decode()


def test_a_session_ends_after_the_absolute_time_however_busy(client, settings, rep_a,
                                                             monkeypatch):
    settings.SESSION_IDLE_SECONDS, settings.SESSION_ABSOLUTE_SECONDS = 600, 1800
    sign_in(client, "/accounts/login/", rep_a.username, PASSWORD)
    now = time.time()
    for minutes in range(5, 30, 5):
        monkeypatch.setattr(sessions.time, "time", lambda m=minutes: now + m * 60)
        assert client.get("/portal/").status_code == 200
    monkeypatch.setattr(sessions.time, "time", lambda: now + 1801)
    assert client.get("/portal/").status_code == 302


def test_the_session_cookie_lasts_no_longer_than_the_absolute_time(settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_ABSOLUTE_SECONDS


# --- Second factor ------------------------------------------------------------------------------

def code(device):
    """The code the authenticator app shows now."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{value:06d}"


def enrol(client):
    page = client.get("/accounts/two-factor/setup/")
    assert page.status_code == 200 and page.context["qr"].startswith("data:image/svg+xml")
    device = TOTPDevice.objects.get(confirmed=False)
    assert page.context["key"]  # the key to type in, for an app that cannot scan
    response = client.post("/accounts/two-factor/setup/", {"code": code(device),
                                                           "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_without_the_setting_a_registrar_signs_in_with_the_password(client, settings,
                                                                     registrar):
    settings.REGISTRAR_REQUIRE_OTP = False
    client.force_login(registrar)
    assert client.get("/admin/").status_code == 200


def test_with_the_setting_a_registrar_enrols_then_reaches_the_desk(client, settings, registrar):
    settings.REGISTRAR_REQUIRE_OTP = True
    sign_in(client, "/admin/login/", registrar.username, PASSWORD)
    response = client.get("/admin/registry/application/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/?next=/admin/registry/")
    # No device yet: the verification page sends them to enrolment, keeping the target.
    assert client.get(response["Location"])["Location"].startswith(
        "/accounts/two-factor/setup/?next=/admin/registry/")
    enrol(client)
    assert client.get("/admin/registry/application/").status_code == 200


def test_an_enrolled_registrar_gives_a_code_after_each_sign_in(client, settings, registrar):
    settings.REGISTRAR_REQUIRE_OTP = True
    sign_in(client, "/accounts/login/", registrar.username, PASSWORD)
    device = enrol(client)
    client.logout()
    sign_in(client, "/accounts/login/", registrar.username, PASSWORD)
    assert client.get("/admin/").status_code == 302
    wrong = client.post("/accounts/two-factor/", {"code": "000000", "next": "/admin/"})
    assert wrong.status_code == 200 and "not right" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302
    device.refresh_from_db()
    device.throttling_failure_count = 0  # the wrong code made the next one wait a second
    device.throttling_failure_timestamp = None
    device.last_t = -1
    device.save()
    right = client.post("/accounts/two-factor/", {"code": code(device), "next": "/admin/"})
    assert right.status_code == 302 and right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_password_alone_never_replaces_an_enrolled_device(client, settings, registrar):
    settings.REGISTRAR_REQUIRE_OTP = True
    sign_in(client, "/accounts/login/", registrar.username, PASSWORD)
    enrol(client)
    client.logout()
    sign_in(client, "/accounts/login/", registrar.username, PASSWORD)
    response = client.get("/accounts/two-factor/setup/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/")
    assert TOTPDevice.objects.filter(user=registrar).count() == 1


def test_repeated_wrong_codes_are_throttled(client, settings, registrar):
    settings.REGISTRAR_REQUIRE_OTP = True
    sign_in(client, "/accounts/login/", registrar.username, PASSWORD)
    device = enrol(client)
    client.logout()
    sign_in(client, "/accounts/login/", registrar.username, PASSWORD)
    client.post("/accounts/two-factor/", {"code": "000000"})
    response = client.post("/accounts/two-factor/", {"code": code(device)})
    assert "Too many wrong codes" in response.content.decode()


def test_representatives_are_not_asked_for_a_second_factor(client, settings, rep_a):
    settings.REGISTRAR_REQUIRE_OTP = True
    sign_in(client, "/accounts/login/", rep_a.username, PASSWORD)
    assert client.get("/portal/").status_code == 200


def test_a_half_signed_in_registrar_reaches_nothing_else(client, settings, registrar):
    settings.REGISTRAR_REQUIRE_OTP = True
    sign_in(client, "/accounts/login/", registrar.username, PASSWORD)
    for url in ["/portal/", "/accounts/profile/", "/admin/registry/decision/",
                "/admin/password_change/"]:
        assert client.get(url).status_code == 302, url
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_an_administrator_removes_a_lost_device_but_never_sees_its_key(client, settings,
                                                                        registrar, superuser):
    settings.REGISTRAR_REQUIRE_OTP = False
    device = TOTPDevice.objects.create(user=registrar, name="authenticator", confirmed=True)
    client.force_login(superuser)
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert page.status_code == 200 and device.key not in page.content.decode()
    client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()


@pytest.fixture
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def ask_reset(client, email):
    return client.post("/accounts/password_reset/", {"email": email},
                       headers={"accept-language": "en"})


def test_reset_links_for_one_address_are_limited(client, settings, mailoutbox, fresh_counters):
    settings.PASSWORD_RESET_RATE_PER_EMAIL = 2
    make_user("forgetful")  # forgetful@example.org
    for _request in range(2):
        assert ask_reset(client, "Forgetful@example.org").status_code == 302
    refused = ask_reset(client, "forgetful@example.org")
    assert refused.status_code == 429
    assert "Too many password reset requests" in refused.content.decode()
    assert len(mailoutbox) == 2
    # An address without an account is refused alike: the answer tells nothing of accounts.
    settings.PASSWORD_RESET_RATE_PER_CLIENT = 100
    for _request in range(2):
        assert ask_reset(client, "nobody@example.org").status_code == 302
    assert ask_reset(client, "nobody@example.org").status_code == 429
    assert len(mailoutbox) == 2


def test_reset_requests_from_one_client_are_limited(client, settings, mailoutbox,
                                                    fresh_counters):
    settings.PASSWORD_RESET_RATE_PER_CLIENT = 3
    for n in range(3):
        make_user(f"user{n}")
        assert ask_reset(client, f"user{n}@example.org").status_code == 302
    make_user("user3")
    assert ask_reset(client, "user3@example.org").status_code == 429
    assert len(mailoutbox) == 3
