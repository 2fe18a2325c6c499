"""API tokens: issued with a scope and an expiry, kept as a digest, refused with 401 when
missing, malformed, unknown, expired or revoked, and never stretching beyond their scope."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from registry import tokens
from registry.models import ApiToken
from tests.api.conftest import auth, issue_token
from tests.applications import make_application
from tests.factories import make_user

pytestmark = pytest.mark.django_db
APPLICATIONS = "/api/v1/applications/"


def test_a_token_is_kept_only_as_a_digest_and_named_by_its_prefix(rep_a, maker_a):
    token, secret = tokens.issue(rep_a, name="ERP", scope="manufacturers",
                                 manufacturers=[maker_a])
    assert secret.startswith(f"urt_{token.prefix}_") and len(secret) > 40
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in {str(value) for value in stored.values()}
    assert token.digest == tokens.digest(secret)
    assert list(token.manufacturers.all()) == [maker_a]
    assert token.expires_at - timezone.now() > datetime.timedelta(days=89)


def test_a_token_signs_in_and_remembers_its_last_use(client, rep_a, maker_a):
    secret = issue_token(rep_a, maker_a)
    for keyword in ("Token", "Bearer", "token"):
        response = client.get(APPLICATIONS, headers={"authorization": f"{keyword} {secret}"})
        assert response.status_code == 200
    assert ApiToken.objects.get().last_used_at is not None


def test_no_token_is_401_with_the_scheme_to_use(client, db):
    response = client.get(APPLICATIONS)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == 'Token realm="api"'


@pytest.mark.parametrize("header", ["Token", "Token a b", "Basic dXNlcjpwdw==", "Bearer",
                                    "urt_0000"])
def test_a_malformed_header_is_401(client, db, header):
    response = client.get(APPLICATIONS, headers={"authorization": header})
    assert response.status_code == 401
    assert response.json()["code"] == "token_malformed"


def test_an_unknown_or_altered_token_is_401(client, rep_a, maker_a):
    secret = issue_token(rep_a, maker_a)
    for wrong in ("urt_deadbeef_" + "x" * 43, secret[:-1] + ("A" if secret[-1] != "A" else "B"),
                  "something-else", "urt_" + "x" * 300):
        response = client.get(APPLICATIONS, headers={"authorization": f"Token {wrong}"})
        assert response.status_code == 401
        assert response.json()["code"] == "token_invalid"


def test_an_expired_a_revoked_or_an_inactive_owners_token_is_401(client, rep_a, maker_a):
    expired, revoked, inactive = (issue_token(rep_a, maker_a) for _ in range(3))
    ApiToken.objects.filter(digest=tokens.digest(expired)).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1))
    tokens.revoke(tokens.find(revoked), rep_a)
    for secret, code in ((expired, "token_expired"), (revoked, "token_revoked")):
        response = client.get(APPLICATIONS, headers=auth(secret))
        assert (response.status_code, response.json()["code"]) == (401, code)
        # Public reads too: a bad token is never taken for the anonymous public.
        assert client.get("/api/v1/products/", headers=auth(secret)).status_code == 401
    rep_a.is_active = False
    rep_a.save()
    response = client.get(APPLICATIONS, headers=auth(inactive))
    assert (response.status_code, response.json()["code"]) == (401, "user_inactive")


def test_a_token_sees_only_the_manufacturers_of_its_scope(client, maker_a, maker_b, registrar):
    both = make_user("both", represents=maker_a)
    both.memberships.create(manufacturer=maker_b, role="editor")
    own = make_application(both, maker_a)
    other = make_application(both, maker_b)
    secret = issue_token(both, maker_a)
    listed = client.get(APPLICATIONS, headers=auth(secret)).json()["results"]
    assert [a["id"] for a in listed] == [own.pk]
    response = client.get(f"{APPLICATIONS}{other.pk}/", headers=auth(secret))
    assert response.status_code == 404 and "maker" not in response.content.decode().lower()
    for path in ("", "submit/"):
        method = client.patch if not path else client.post
        assert method(f"{APPLICATIONS}{other.pk}/{path}", {}, content_type="application/json",
                      headers=auth(secret)).status_code == 404
    created = client.post(APPLICATIONS, {"kind": "include", "manufacturer": maker_b.slug},
                          content_type="application/json", headers=auth(secret))
    assert created.status_code == 400 and "manufacturer" in created.json()["fields"]
    other.refresh_from_db()
    assert other.state == "draft"


def test_a_registrars_token_decides_and_a_representatives_does_not(client, rep_a, maker_a,
                                                                    registrar):
    application = make_application(rep_a, maker_a, state="submitted")
    rep_token, registrar_token = issue_token(rep_a, maker_a), issue_token(registrar,
                                                                          registrar=True)
    url = f"{APPLICATIONS}{application.pk}/take/"
    refused = client.post(url, headers=auth(rep_token))
    assert (refused.status_code, refused.json()["code"]) == (403, "out_of_scope")
    assert client.post(url, headers=auth(registrar_token)).status_code == 200
    withdraw = client.post(f"{APPLICATIONS}{application.pk}/withdraw/",
                           headers=auth(registrar_token))
    assert (withdraw.status_code, withdraw.json()["code"]) == (403, "out_of_scope")


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"name": "", "scope": "manufacturers"}, "name"),
    ({"name": "x" * 101, "scope": "manufacturers"}, "name"),
    ({"name": "ERP", "scope": "registrar"}, "scope"),
    ({"name": "ERP", "scope": "everything"}, "scope"),
    ({"name": "ERP", "scope": "manufacturers", "manufacturers": []}, "manufacturers"),
    ({"name": "ERP", "scope": "manufacturers", "days": 0}, "days"),
    ({"name": "ERP", "scope": "manufacturers", "days": 400}, "days"),
])
def test_a_token_is_issued_only_within_its_owners_rights(rep_a, maker_a, kwargs, field):
    kwargs.setdefault("manufacturers", [maker_a])
    with pytest.raises(ValidationError) as refused:
        tokens.issue(rep_a, **kwargs)
    assert field in refused.value.message_dict
    assert not ApiToken.objects.exists()


def test_a_token_acts_only_for_makers_its_owner_represents(rep_a, maker_a, maker_b,
                                                           registrar):
    with pytest.raises(ValidationError, match="represent"):
        tokens.issue(rep_a, name="ERP", scope="manufacturers", manufacturers=[maker_b])
    with pytest.raises(ValidationError, match="no manufacturer"):
        tokens.issue(registrar, name="desk", scope="registrar", manufacturers=[maker_a])


def test_a_user_holds_a_bounded_number_of_tokens(rep_a, maker_a):
    for _ in range(tokens.MAX_USABLE_PER_USER):
        issue_token(rep_a, maker_a)
    with pytest.raises(ValidationError, match="revoke one"):
        issue_token(rep_a, maker_a)
    tokens.revoke(ApiToken.objects.first(), rep_a)
    issue_token(rep_a, maker_a)


def test_only_the_owner_revokes_a_token(rep_a, rep_b, maker_a):
    token = tokens.find(issue_token(rep_a, maker_a))
    with pytest.raises(ValidationError):
        tokens.revoke(token, rep_b)
    first = tokens.revoke(token, rep_a).revoked_at
    assert tokens.revoke(token, rep_a).revoked_at == first
