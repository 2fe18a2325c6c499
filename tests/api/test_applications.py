"""Applications through the API: every step for the right and the wrong actor and state,
through the same workflow as the portal — 200/201 when it may, 409 with the workflow's
message from the wrong state, 403 or 404 for the wrong actor, 400 per field for bad data."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from manufacturers.models import Membership
from products.models import ProductStatus
from registry import proposals, workflow
from registry.models import Application, ChangeEvent
from tests.api.conftest import auth, issue_token
from tests.applications import PATHS, include_data, make_application, mcu_category
from tests.factories import make_product, make_user
from tests.portal.forms import form_errors, proposal_post

pytestmark = pytest.mark.django_db
APPLICATIONS = "/api/v1/applications/"
JSON = "application/json"


@pytest.fixture
def tokens(rep_a, rep_b, maker_a, maker_b, registrar):
    viewer = make_user("viewer_a", represents=maker_a, role=Membership.Role.VIEWER)
    return {
        "rep_a": issue_token(rep_a, maker_a), "rep_b": issue_token(rep_b, maker_b),
        "viewer_a": issue_token(viewer, maker_a),
        "registrar": issue_token(registrar, registrar=True),
    }


def post(client, url, secret, body=None):
    return client.post(url, body or {}, content_type=JSON, headers=auth(secret))


def in_state(state, rep, maker, registrar, **kwargs):
    return make_application(rep, maker, state=state, registrar=registrar, **kwargs)


# --- Creating -----------------------------------------------------------------------------------

def test_a_representative_creates_an_inclusion_as_a_draft(client, tokens, maker_a):
    category = mcu_category()
    response = post(client, APPLICATIONS, tokens["rep_a"], {
        "kind": "include", "manufacturer": maker_a.slug, "note": "Please include.",
        "proposal": include_data(category, part_number="К1986ВЕ1Т")})
    assert response.status_code == 201, response.content
    body = response.json()
    application = Application.objects.get()
    assert response["Location"] == body["api_url"] == f"http://testserver{APPLICATIONS}" \
                                                      f"{application.pk}/"
    assert (body["kind"], body["state"], body["manufacturer"]) == ("include", "draft",
                                                                  maker_a.slug)
    assert body["proposal"] == application.proposal
    assert body["proposal"]["parameters"] == {"clock_mhz": "80"}
    assert [d["action"] for d in body["decisions"]] == ["application.created"]
    assert body["decisions"][0]["actor"] == "rep_a"
    assert body["registry_number"] is None and body["note"] == "Please include."


def test_an_amendment_starts_from_the_entry_and_a_withdrawal_says_why(client, tokens, maker_a):
    product = make_product(manufacturer=maker_a, category=mcu_category())
    amendment = post(client, APPLICATIONS, tokens["rep_a"], {
        "kind": "amend", "manufacturer": maker_a.slug,
        "registry_number": product.registry_number.lower()})
    assert amendment.status_code == 201
    assert amendment.json()["proposal"] == proposals.of_entry(product)
    assert amendment.json()["base"] == proposals.of_entry(product)
    post(client, f"{APPLICATIONS}{amendment.json()['id']}/withdraw/", tokens["rep_a"])
    refused = post(client, APPLICATIONS, tokens["rep_a"], {
        "kind": "withdraw", "manufacturer": maker_a.slug,
        "registry_number": product.registry_number})
    assert refused.status_code == 400
    assert refused.json()["fields"]["note"][0]["message"] == "Say why the entry is withdrawn."
    with_data = post(client, APPLICATIONS, tokens["rep_a"], {
        "kind": "withdraw", "manufacturer": maker_a.slug, "note": "Production ended.",
        "registry_number": product.registry_number, "proposal": {"package": "DIP8"}})
    assert (with_data.status_code, with_data.json()["detail"]) == (
        409, "A withdrawal carries no product data.")
    withdrawal = post(client, APPLICATIONS, tokens["rep_a"], {
        "kind": "withdraw", "manufacturer": maker_a.slug, "note": "Production ended.",
        "registry_number": product.registry_number})
    assert withdrawal.status_code == 201 and withdrawal.json()["proposal"] == {}


@pytest.mark.parametrize(("body", "field"), [
    ({"kind": "include"}, "manufacturer"),
    ({"kind": "include", "manufacturer": "maker-b"}, "manufacturer"),
    ({"kind": "include", "manufacturer": "no-such-maker"}, "manufacturer"),
    ({"kind": "annex", "manufacturer": "maker-a"}, "kind"),
    ({"kind": "include", "manufacturer": "maker-a", "registry_number": "UR-2026-000001"},
     "registry_number"),
    ({"kind": "amend", "manufacturer": "maker-a"}, "registry_number"),
    ({"kind": "amend", "manufacturer": "maker-a", "registry_number": "UR-2026-999999"},
     "registry_number"),
    ({"kind": "include", "manufacturer": "maker-a", "proposal": ["not", "an", "object"]},
     "proposal"),
    ({"kind": "include", "manufacturer": "maker-a", "proposal": {"colour": "red"}},
     "proposal.colour"),
    ({"kind": "include", "manufacturer": "maker-a", "notes": "typo"}, "notes"),
    ({"kind": "include", "manufacturer": "maker-a", "note": "x" * 5001}, "note"),
])
def test_bad_bodies_are_refused_per_field_and_nothing_is_saved(client, tokens, maker_b, body,
                                                               field):
    response = post(client, APPLICATIONS, tokens["rep_a"], body)
    assert response.status_code == 400, response.content
    assert field in response.json()["fields"], response.json()
    assert not Application.objects.exists()


def test_the_api_and_the_portal_refuse_a_proposal_with_the_same_messages(client, rep_a,
                                                                         maker_a, tokens):
    category = mcu_category()
    registered = make_product("К1986ВЕ92QI", manufacturer=maker_a, category=category)
    data = include_data(category, part_number=registered.part_number,
                        aliases=["MDR32F9Q2I", "MDR32F9Q2I"])
    api = post(client, APPLICATIONS, tokens["rep_a"], {
        "kind": "include", "manufacturer": maker_a.slug, "proposal": data}).json()["fields"]
    assert set(api) == {"proposal.part_number", "proposal.aliases.1"}
    portal = Client()
    portal.force_login(rep_a)
    page = portal.post(f"/portal/applications/new/?kind=include&manufacturer={maker_a.pk}"
                       f"&category={category.slug}", proposal_post(data),
                       headers={"accept-language": "en"})
    portal_messages = sorted(error.split(": ", 1)[1] for error in form_errors(page))
    assert sorted(m["message"] for messages in api.values() for m in messages) \
        == portal_messages
    assert "This spelling is listed twice." in portal_messages
    assert not Application.objects.exists()


def test_a_pending_maker_or_a_viewer_cannot_apply(client, tokens, maker_a):
    response = post(client, APPLICATIONS, tokens["viewer_a"], {
        "kind": "include", "manufacturer": maker_a.slug,
        "proposal": include_data(mcu_category())})
    assert (response.status_code, response.json()["code"]) == (403, "not_allowed")
    assert "may read the applications" in response.json()["detail"]
    maker_a.status = "pending"
    maker_a.save()
    response = post(client, APPLICATIONS, tokens["rep_a"], {
        "kind": "include", "manufacturer": maker_a.slug,
        "proposal": include_data(mcu_category())})
    assert (response.status_code, response.json()["code"]) == (409, "invalid_transition")


# --- Changing a draft ---------------------------------------------------------------------------

def test_a_draft_is_changed_section_by_section(client, tokens, rep_a, maker_a, registrar):
    application = in_state("draft", rep_a, maker_a, registrar)
    url = f"{APPLICATIONS}{application.pk}/"
    response = client.patch(url, {"proposal": {"package": "LQFP64", "aliases": []},
                                  "note": "Updated."}, content_type=JSON,
                            headers=auth(tokens["rep_a"]))
    assert response.status_code == 200, response.content
    application.refresh_from_db()
    assert application.proposal["package"] == "LQFP64" and application.proposal["aliases"] == []
    assert application.proposal["name_en"] == "Microcontroller" and application.note == "Updated."
    bad = client.patch(url, {"proposal": {"parameters": {"clock_mhz": "fast"}}},
                       content_type=JSON, headers=auth(tokens["rep_a"]))
    assert bad.status_code == 400 and "proposal.parameters.clock_mhz" in bad.json()["fields"]
    application.refresh_from_db()
    assert application.proposal["parameters"] == {"clock_mhz": "80"}


@pytest.mark.parametrize("state", ["submitted", "under_review", "approved", "rejected",
                                   "withdrawn"])
def test_only_a_draft_or_a_returned_application_is_changed(client, tokens, rep_a, maker_a,
                                                           registrar, state):
    application = in_state(state, rep_a, maker_a, registrar)
    response = client.patch(f"{APPLICATIONS}{application.pk}/", {"note": "late"},
                            content_type=JSON, headers=auth(tokens["rep_a"]))
    assert (response.status_code, response.json()["code"]) == (409, "invalid_transition")
    assert "can be changed only as a draft" in response.json()["detail"]


# --- The steps: right and wrong actor, right and wrong state ------------------------------------

STEPS = {
    # step: (who takes it, the state it needs, its body, the state after it)
    "submit": ("rep_a", "draft", {}, "submitted"),
    "resubmit": ("rep_a", "changes_requested", {"comment": "Attached."}, "under_review"),
    "withdraw": ("rep_a", "submitted", {"comment": "Not needed."}, "withdrawn"),
    "take": ("registrar", "submitted", {}, "under_review"),
    "request-changes": ("registrar", "under_review", {"comment": "Attach the datasheet."},
                        "changes_requested"),
    "approve": ("registrar", "under_review", {"comment": "Fine.", "decision_number": "17-р"},
                "approved"),
    "reject": ("registrar", "under_review", {"reason": "No certificate."}, "rejected"),
}
WRONG_STATE = {"submit": "submitted", "resubmit": "draft", "withdraw": "under_review",
               "take": "draft", "request-changes": "submitted", "approve": "submitted",
               "reject": "changes_requested"}


@pytest.mark.parametrize("name", sorted(STEPS))
def test_each_step_is_taken_by_its_actor_from_its_state(client, tokens, rep_a, maker_a,
                                                        registrar, name):
    actor, state, body, after = STEPS[name]
    application = in_state(state, rep_a, maker_a, registrar)
    response = post(client, f"{APPLICATIONS}{application.pk}/{name}/", tokens[actor], body)
    assert response.status_code == 200, response.content
    assert response.json()["state"] == after
    application.refresh_from_db()
    assert application.state == after
    if name == "approve":
        assert response.json()["registry_number"] == application.product.registry_number
        assert application.product.decision_number == "17-р"
        assert ChangeEvent.objects.filter(kind="entry.included").count() == 1


@pytest.mark.parametrize("name", sorted(STEPS))
def test_each_step_from_the_wrong_state_is_409_with_the_workflows_message(
        client, tokens, rep_a, maker_a, registrar, name):
    actor, _state, body, _after = STEPS[name]
    wrong = WRONG_STATE[name]
    application = in_state(wrong, rep_a, maker_a, registrar)
    if name == "take":  # a draft is the manufacturer's own: the registrars do not see it
        response = post(client, f"{APPLICATIONS}{application.pk}/take/", tokens[actor])
        assert response.status_code == 404
        return
    response = post(client, f"{APPLICATIONS}{application.pk}/{name}/", tokens[actor], body)
    assert (response.status_code, response.json()["code"]) == (409, "invalid_transition")
    assert application.reference in response.json()["detail"]
    application.refresh_from_db()
    assert application.state == wrong


@pytest.mark.parametrize("name", sorted(STEPS))
def test_each_step_refuses_the_wrong_actor_without_telling_anything(
        client, tokens, rep_a, maker_a, registrar, name):
    actor, state, body, _after = STEPS[name]
    application = in_state(state, rep_a, maker_a, registrar)
    url = f"{APPLICATIONS}{application.pk}/{name}/"
    other = post(client, url, tokens["rep_b"], body)
    if actor == "registrar":  # a representative's token is out of scope for decisions
        assert (other.status_code, other.json()["code"]) == (403, "out_of_scope")
    else:  # another maker's application does not exist for rep_b
        assert other.status_code == 404
        assert maker_a.slug not in other.content.decode()
        viewer = post(client, url, tokens["viewer_a"], body)
        assert (viewer.status_code, viewer.json()["code"]) == (403, "not_allowed")
        registrar_token = post(client, url, tokens["registrar"], body)
        assert registrar_token.status_code in (403, 404)
    assert Client().post(url, body, content_type=JSON).status_code == 401
    application.refresh_from_db()
    assert application.state == state


def test_a_decision_is_the_reviewing_registrars(client, tokens, rep_a, maker_a, registrar):
    application = in_state("under_review", rep_a, maker_a, registrar)
    colleague = make_user("colleague", is_staff=True, state="BY")
    colleague.groups.add(*registrar.groups.all())
    secret = issue_token(colleague, registrar=True)
    listed = client.get(APPLICATIONS, headers=auth(secret)).json()["results"]
    assert [(a["id"], a["assigned_to_me"]) for a in listed] == [(application.pk, False)]
    refused = post(client, f"{APPLICATIONS}{application.pk}/approve/", secret)
    assert (refused.status_code, refused.json()["code"]) == (403, "not_allowed")
    assert post(client, f"{APPLICATIONS}{application.pk}/take/", secret).status_code == 200
    approved = post(client, f"{APPLICATIONS}{application.pk}/approve/", secret)
    assert approved.status_code == 200


def test_approving_a_withdrawal_needs_its_legal_basis(client, tokens, rep_a, maker_a,
                                                      registrar):
    product = make_product(manufacturer=maker_a)
    application = in_state("under_review", rep_a, maker_a, registrar, kind="withdraw",
                           product=product)
    url = f"{APPLICATIONS}{application.pk}/approve/"
    refused = post(client, url, tokens["registrar"], {"decision_date": "2026-13-01"})
    assert refused.status_code == 400 and "decision_date" in refused.json()["fields"]
    refused = post(client, url, tokens["registrar"])
    assert refused.status_code == 400
    assert refused.json()["fields"]["legal_basis"][0]["message"] == \
        "Give the legal basis of the exclusion."
    approved = post(client, url, tokens["registrar"], {"legal_basis": "Order No. 7"})
    assert approved.status_code == 200 and approved.json()["entry_status"] == "excluded"
    product.refresh_from_db()
    assert product.status == ProductStatus.EXCLUDED


@pytest.mark.parametrize(("name", "body", "field"), [
    ("request-changes", {"comment": " "}, "comment"),
    ("request-changes", {}, "comment"),
    ("reject", {"reason": ""}, "reason"),
    ("reject", {"reason": 5}, None),
])
def test_a_decision_without_its_reason_is_refused(client, tokens, rep_a, maker_a, registrar,
                                                  name, body, field):
    application = in_state("under_review", rep_a, maker_a, registrar)
    response = post(client, f"{APPLICATIONS}{application.pk}/{name}/", tokens["registrar"],
                    body)
    if field is None:  # a number is read as text: the reason "5" is given
        assert response.status_code == 200
        return
    assert response.status_code == 400 and field in response.json()["fields"]
    application.refresh_from_db()
    assert application.state == "under_review"


# --- Reading ------------------------------------------------------------------------------------

def test_each_token_lists_what_its_owner_may_see(client, tokens, rep_a, maker_a, registrar):
    category = mcu_category()
    made = {state: in_state(state, rep_a, maker_a, registrar,
                            data=include_data(category, part_number=f"P-{state}"))
            for state in PATHS}
    mine = client.get(APPLICATIONS, headers=auth(tokens["rep_a"])).json()["results"]
    assert {a["id"] for a in mine} == {a.pk for a in made.values()}
    desk = client.get(APPLICATIONS, headers=auth(tokens["registrar"])).json()["results"]
    assert {a["id"] for a in desk} == {made[s].pk for s in PATHS if s not in ("draft",
                                                                               "withdrawn")}
    assert client.get(APPLICATIONS, headers=auth(tokens["rep_b"])).json()["results"] == []
    submitted = client.get(APPLICATIONS, {"state": ["submitted", "under_review"]},
                           headers=auth(tokens["rep_a"])).json()["results"]
    assert {a["state"] for a in submitted} == {"submitted", "under_review"}
    by_maker = client.get(APPLICATIONS, {"manufacturer": maker_a.slug, "kind": "include"},
                          headers=auth(tokens["rep_a"]))
    assert len(by_maker.json()["results"]) == len(PATHS)
    hidden = client.get(APPLICATIONS, {"manufacturer": "pending-maker-x"},
                        headers=auth(tokens["rep_a"]))
    assert hidden.status_code == 400


def test_an_application_answers_conditional_requests(client, tokens, rep_a, maker_a,
                                                     registrar):
    application = in_state("draft", rep_a, maker_a, registrar)
    url = f"{APPLICATIONS}{application.pk}/"
    first = client.get(url, headers=auth(tokens["rep_a"]))
    etag = first["ETag"]
    assert client.get(url, headers={**auth(tokens["rep_a"]), "if-none-match": etag}) \
        .status_code == 304
    post(client, f"{url}submit/", tokens["rep_a"])
    assert client.get(url, headers={**auth(tokens["rep_a"]), "if-none-match": etag}) \
        .status_code == 200
    listing = client.get(APPLICATIONS, headers=auth(tokens["rep_a"]))
    assert client.get(APPLICATIONS, headers={**auth(tokens["rep_a"]),
                                             "if-none-match": listing["ETag"]}).status_code == 304


def test_an_application_is_stale_when_its_entry_changes(client, tokens, rep_a, maker_a,
                                                        registrar):
    application = in_state("approved", rep_a, maker_a, registrar)
    url = f"{APPLICATIONS}{application.pk}/"
    etags = [client.get(address, headers=auth(tokens["rep_a"]))["ETag"]
             for address in (url, APPLICATIONS)]
    workflow.suspend(application.product, registrar, "audit")
    for address, etag in zip((url, APPLICATIONS), etags, strict=True):
        response = client.get(address, headers={**auth(tokens["rep_a"]), "if-none-match": etag})
        assert response.status_code == 200
    assert response.json()["results"][0]["entry_status"] == "suspended"


def test_unknown_addresses_and_ids_are_json_404s(client, tokens):
    for url in (f"{APPLICATIONS}999999/", f"{APPLICATIONS}12345678901234567890/",
                f"{APPLICATIONS}abc/", f"{APPLICATIONS}1/documents/99999999999999999999/"):
        response = client.get(url, headers=auth(tokens["rep_a"]))
        assert response.status_code == 404 and response.json()["code"] == "not_found"
    response = client.put(f"{APPLICATIONS}1/", headers=auth(tokens["rep_a"]))
    assert response.status_code == 405


# --- Bodies, sessions, rates --------------------------------------------------------------------

def test_unreadable_huge_or_foreign_bodies_are_4xx(client, tokens, maker_a):
    headers = auth(tokens["rep_a"])
    broken = client.post(APPLICATIONS, "{not json", content_type=JSON, headers=headers)
    assert (broken.status_code, broken.json()["code"]) == (400, "parse_error")
    form = client.post(APPLICATIONS, "kind=include", headers=headers,
                       content_type="application/x-www-form-urlencoded")
    assert (form.status_code, form.json()["code"]) == (415, "unsupported_media_type")
    huge = client.post(APPLICATIONS, '{"note": "' + "x" * (1024 * 1024) + '"}',
                       content_type=JSON, headers=headers)
    assert (huge.status_code, huge.json()["code"]) == (413, "too_large")
    listed = client.post(APPLICATIONS, "[1, 2]", content_type=JSON, headers=headers)
    assert listed.status_code == 400
    assert not Application.objects.exists()


def test_a_session_writes_only_with_its_csrf_token(rep_a, maker_a):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(rep_a)
    body = {"kind": "include", "manufacturer": maker_a.slug,
            "proposal": include_data(mcu_category())}
    refused = browser.post(APPLICATIONS, body, content_type=JSON)
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    assert browser.get(APPLICATIONS).status_code == 200  # reading needs no CSRF token
    browser.get("/portal/tokens/")  # sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    accepted = browser.post(APPLICATIONS, body, content_type=JSON,
                            headers={"x-csrftoken": token})
    assert accepted.status_code == 201


def test_writes_have_their_own_rate(client, tokens, rep_a, maker_a, registrar, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "write": "2/min"}}
    application = in_state("draft", rep_a, maker_a, registrar)
    url = f"{APPLICATIONS}{application.pk}/"
    codes = [client.patch(url, {"note": f"n{i}"}, content_type=JSON,
                          headers=auth(tokens["rep_a"])).status_code for i in range(3)]
    assert codes == [200, 200, 429]
    throttled = client.patch(url, {"note": "again"}, content_type=JSON,
                             headers=auth(tokens["rep_a"]))
    assert throttled.json()["code"] == "throttled" and int(throttled["Retry-After"]) > 0
    assert client.get(url, headers=auth(tokens["rep_a"])).status_code == 200
    other = post(client, f"{APPLICATIONS}{application.pk}/submit/", tokens["viewer_a"])
    assert other.status_code == 403  # another user has a rate of their own


# --- What each token may do next ----------------------------------------------------------------

def test_each_token_is_shown_the_steps_it_may_take_now(client, tokens, rep_a, maker_a,
                                                       registrar):
    application = in_state("submitted", rep_a, maker_a, registrar)
    url = f"{APPLICATIONS}{application.pk}/"

    def offered(token):
        return client.get(url, headers=auth(tokens[token])).json()["available_steps"]

    assert offered("rep_a") == ["withdraw"]
    assert offered("viewer_a") == []
    assert offered("registrar") == ["take"]
    assert post(client, f"{url}take/", tokens["registrar"]).json()["available_steps"] == [
        "approve", "request_changes", "reject"]
    assert offered("rep_a") == []
    listed = client.get(APPLICATIONS, headers=auth(tokens["registrar"])).json()["results"]
    assert [row["available_steps"] for row in listed] == [["approve", "request_changes",
                                                          "reject"]]
    returned = post(client, f"{url}request-changes/", tokens["registrar"], {"comment": "Why?"})
    assert returned.json()["available_steps"] == []
    assert offered("rep_a") == ["resubmit", "withdraw"]
    # A step not shown is refused: the registrar may no longer decide.
    response = post(client, f"{url}approve/", tokens["registrar"])
    assert (response.status_code, response.json()["code"]) == (409, "invalid_transition")


def test_a_renewal_through_the_api_keeps_to_its_window(client, tokens, maker_a):
    today = timezone.localdate()
    early = make_product(manufacturer=maker_a, valid_until=today + datetime.timedelta(days=400))
    refused = post(client, APPLICATIONS, tokens["rep_a"], {
        "kind": "renew", "manufacturer": maker_a.slug, "registry_number": early.registry_number})
    assert refused.status_code == 409
    assert "can be applied for from" in refused.json()["detail"]
    due = make_product(manufacturer=maker_a, valid_until=today + datetime.timedelta(days=20))
    renewal = post(client, APPLICATIONS, tokens["rep_a"], {
        "kind": "renew", "manufacturer": maker_a.slug, "registry_number": due.registry_number})
    assert renewal.status_code == 201, renewal.content
    assert (renewal.json()["kind"], renewal.json()["entry_status"]) == ("renew", "registered")
    submitted = post(client, f"{APPLICATIONS}{renewal.json()['id']}/submit/", tokens["rep_a"])
    assert submitted.status_code == 200, submitted.content
    assert Application.objects.get(pk=renewal.json()["id"]).due_on == \
        today + datetime.timedelta(days=30)
