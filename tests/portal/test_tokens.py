"""The portal's API tokens page: issue (the token shown once), list, revoke — for
representatives and registrars alike; and the administrator's view of every token."""

import pytest

from manufacturers.models import Membership
from registry import tokens
from registry.models import ApiToken
from tests.factories import make_user

pytestmark = pytest.mark.django_db
PAGE = "/portal/tokens/"
EN = {"accept-language": "en"}


@pytest.fixture
def signed_in(client, rep_a):
    client.force_login(rep_a)
    return client


def test_a_representative_issues_a_token_seen_once(signed_in, maker_a, maker_b):
    page = signed_in.get(PAGE, headers=EN)
    assert page.status_code == 200
    form = page.context["form"]
    assert list(form.fields["manufacturers"].queryset) == [maker_a]
    assert [value for value, _label in form.fields["scope"].choices] == ["manufacturers"]
    response = signed_in.post(PAGE, {"name": "ERP", "scope": "manufacturers",
                                     "manufacturers": [maker_a.pk], "days": 30}, headers=EN)
    secret = response.context["issued"].secret
    assert secret in response.content.decode() and "shown only once" in response.content.decode()
    token = ApiToken.objects.get()
    assert tokens.find(secret) == token and list(token.manufacturers.all()) == [maker_a]
    again = signed_in.get(PAGE, headers=EN).content.decode()
    assert secret not in again and f"urt_{token.prefix}_…" in again
    api = signed_in.get("/api/v1/applications/", headers={"authorization": f"Token {secret}"})
    assert api.status_code == 200


def test_a_token_for_another_maker_or_without_one_is_refused(signed_in, maker_b):
    response = signed_in.post(PAGE, {"name": "ERP", "scope": "manufacturers",
                                     "manufacturers": [maker_b.pk], "days": 30}, headers=EN)
    assert "manufacturers" in response.context["form"].errors
    response = signed_in.post(PAGE, {"name": "ERP", "scope": "manufacturers", "days": 30},
                              headers=EN)
    assert response.context["form"].errors["manufacturers"] == [
        "Choose the manufacturers the token acts for."]
    response = signed_in.post(PAGE, {"name": "ERP", "scope": "registrar", "days": 30})
    assert "scope" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_a_registrar_issues_a_registrars_token_for_themselves(client, registrar):
    client.force_login(registrar)
    page = client.get(PAGE)
    assert "registrar" in [value for value, _label in page.context["form"].fields["scope"].choices]
    response = client.post(PAGE, {"name": "desk", "scope": "registrar", "days": 365})
    assert response.context["issued"].acts_as_registrar
    assert ApiToken.objects.get().user == registrar


def test_the_owner_revokes_a_token_and_nobody_else_can(signed_in, client, rep_a, maker_a):
    token, secret = tokens.issue(rep_a, name="ERP", scope="manufacturers",
                                 manufacturers=[maker_a])
    other = make_user("other", represents=maker_a, role=Membership.Role.EDITOR)
    intruder = client.__class__()
    intruder.force_login(other)
    assert intruder.post(f"/portal/tokens/{token.pk}/revoke/").status_code == 404
    assert signed_in.get(f"/portal/tokens/{token.pk}/revoke/").status_code == 405
    response = signed_in.post(f"/portal/tokens/{token.pk}/revoke/", headers=EN)
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    page = signed_in.get(PAGE, headers=EN).content.decode()
    assert "revoked" in page
    assert signed_in.get("/api/v1/applications/",
                         headers={"authorization": f"Token {secret}"}).status_code == 401


def test_the_page_needs_a_signed_in_user(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_administrator_sees_every_token_and_revokes_it(client, superuser, rep_a, maker_a):
    token, _secret = tokens.issue(rep_a, name="ERP", scope="manufacturers",
                                  manufacturers=[maker_a])
    client.force_login(superuser)
    listing = client.get("/admin/registry/apitoken/")
    assert listing.status_code == 200 and token.prefix in listing.content.decode()
    assert client.get("/admin/registry/apitoken/add/").status_code == 403
    response = client.post("/admin/registry/apitoken/", {
        "action": "revoke", "_selected_action": [token.pk]})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
