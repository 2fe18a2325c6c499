"""A new organisation: account, application for admission, the registrar's decision; and the
account pages (profile, password change and reset)."""

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpRequest

from manufacturers.models import Manufacturer
from registry.models import ChangeEvent
from tests.factories import VALID_INN, VALID_OGRN, VALID_UNP, make_user

pytestmark = pytest.mark.django_db
EN = {"accept-language": "en"}


def admission_post(**fields):
    values = {"country": "BY", "name_ru": "ОАО «Планар»", "name_en": "Planar JSC",
              "short_name_ru": "Планар", "short_name_en": "Planar", "unp": VALID_UNP,
              "inn": "", "ogrn": "", "city_ru": "Минск", "city_en": "Minsk",
              "address": "Минск, пр-т Партизанский, 2", "website": "planar.by",
              "email": "office@example.org"}
    values.update(fields)
    return values


def test_sign_up_apply_be_admitted_and_apply_for_products(client, registrar, mailoutbox,
                                                         django_capture_on_commit_callbacks):
    response = client.post("/accounts/signup/", {
        "username": "planar_rep", "email": "rep@example.org", "first_name": "Ирина",
        "last_name": "Петрова", "language": "en", "password1": "a-Long-pass-phrase-7",
        "password2": "a-Long-pass-phrase-7"})
    assert response.status_code == 302 and response["Location"] == "/portal/admission/"
    user = get_user_model().objects.get(username="planar_rep")
    assert not user.is_staff and not user.memberships.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/portal/admission/", admission_post())
    assert response.status_code == 302
    manufacturer = Manufacturer.objects.get()
    assert (manufacturer.status, manufacturer.slug, manufacturer.website) == (
        "pending", "planar", "https://planar.by")
    assert manufacturer.memberships.get().user == user
    assert [m.to for m in mailoutbox] == [[registrar.email]]
    assert client.get("/portal/").context["can_apply"] is False
    # Its representative sees the pending maker's page; the public does not.
    assert client.get(f"/manufacturers/{manufacturer.slug}/").status_code == 200

    client.force_login(registrar)
    url = f"/admin/manufacturers/manufacturer/{manufacturer.pk}/"
    page = client.get(f"{url}change/")
    assert "admit/" in page.content.decode() and "refuse/" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{url}admit/", {"comment": "UNP checked."}).status_code == 302
    manufacturer.refresh_from_db()
    assert manufacturer.status == "admitted"
    assert ChangeEvent.objects.get().kind == "manufacturer.admitted"
    assert mailoutbox[-1].to == ["rep@example.org"]
    assert "has been admitted" in mailoutbox[-1].body  # in the language of the profile

    client.force_login(user)
    assert client.get("/portal/").context["can_apply"] is True


@pytest.mark.parametrize("fields, field", [
    ({"unp": ""}, "unp"),
    ({"unp": "200988542"}, "unp"),
    ({"country": "RU", "unp": "", "inn": VALID_INN, "ogrn": ""}, "ogrn"),
    ({"country": "RU", "unp": "", "inn": "7735007359", "ogrn": VALID_OGRN}, "inn"),
    ({"country": "RU", "unp": VALID_UNP, "inn": VALID_INN, "ogrn": VALID_OGRN}, "unp"),
    ({"email": ""}, "email"),
    ({"country": "DE"}, "country"),
])
def test_admission_data_is_checked(client, fields, field):
    client.force_login(make_user())
    response = client.post("/portal/admission/", admission_post(**fields), headers=EN)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Manufacturer.objects.exists()


def test_a_known_identifier_is_refused(client, maker_a):
    client.force_login(make_user())
    response = client.post("/portal/admission/", admission_post(), headers=EN)
    assert "unp" in response.context["form"].errors
    assert Manufacturer.objects.count() == 1


def test_a_registrar_refuses_with_a_reason(client, registrar):
    client.force_login(make_user())
    client.post("/portal/admission/", admission_post())
    manufacturer = Manufacturer.objects.get()
    client.force_login(registrar)
    url = f"/admin/manufacturers/manufacturer/{manufacturer.pk}/refuse/"
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "The UNP belongs to another company."}).status_code == 302
    manufacturer.refresh_from_db()
    assert manufacturer.status == "refused"
    response = client.post(url, {"reason": "again"}, follow=True, headers=EN)
    assert "only a pending application for admission is refused" in response.content.decode()


def test_sign_up_refuses_a_known_email_and_weak_passwords(client, rep_a):
    response = client.post("/accounts/signup/", {
        "username": "someone", "email": rep_a.email.upper(), "language": "ru",
        "password1": "12345678", "password2": "12345678"})
    assert {"email", "password2"} <= set(response.context["form"].errors)
    assert not get_user_model().objects.filter(username="someone").exists()


def test_profile_sets_the_language_of_notifications(client, rep_a):
    client.force_login(rep_a)
    response = client.post("/accounts/profile/", {"first_name": "Anna", "last_name": "",
                                                  "email": "anna@example.org", "language": "en"})
    assert response.status_code == 302
    rep_a.refresh_from_db()
    assert (rep_a.language, rep_a.email) == ("en", "anna@example.org")


def test_password_reset_and_change(client, rep_a, mailoutbox):
    assert client.get("/accounts/password_reset/").status_code == 200
    client.post("/accounts/password_reset/", {"email": rep_a.email})
    (mail,) = mailoutbox
    link = next(line for line in mail.body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    page = client.get(path, follow=True)
    assert page.context["validlink"]
    response = client.post(page.redirect_chain[-1][0], {
        "new_password1": "another-Long-pass-9", "new_password2": "another-Long-pass-9"})
    assert response.status_code == 302
    assert client.login(request=HttpRequest(), username=rep_a.username,
                        password="another-Long-pass-9")
    assert client.get("/accounts/password_change/").status_code == 200
    response = client.post("/accounts/password_change/", {
        "old_password": "another-Long-pass-9", "new_password1": "third-Long-pass-3",
        "new_password2": "third-Long-pass-3"})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
