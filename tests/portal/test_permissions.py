"""Who reaches which page: every portal and review URL for anonymous, a representative of A,
a representative of B, a registrar and a superuser."""

import pytest

from registry import workflow
from registry.models import ChangeEvent, Decision
from tests.applications import include_data, make_application, mcu_category, pdf
from tests.factories import make_product

pytestmark = pytest.mark.django_db

OK, REDIRECT, NOT_FOUND, FORBIDDEN = 200, 302, 404, 403
ACTORS = ["anonymous", "rep_a", "rep_b", "registrar", "superuser"]


@pytest.fixture
def world(rep_a, rep_b, maker_a, registrar, superuser):
    category = mcu_category()
    draft = make_application(rep_a, maker_a, category=category)
    document = workflow.add_document(draft, rep_a, kind="datasheet", file=pdf())
    submitted = make_application(rep_a, maker_a, state="submitted",
                                 data=include_data(category, part_number="К1986ВЕ94GI"))
    submitted_document = workflow.add_document(
        make_application(rep_a, maker_a, data=include_data(category, part_number="X2")),
        rep_a, kind="datasheet", file=pdf())
    product = make_product(manufacturer=maker_a, category=category)
    users = {"anonymous": None, "rep_a": rep_a, "rep_b": rep_b, "registrar": registrar,
             "superuser": superuser}
    return {"draft": draft, "document": document, "submitted": submitted, "product": product,
            "maker": maker_a, "users": users, "other_document": submitted_document}


def portal_urls(w):
    a, d = w["draft"].pk, w["document"].pk
    return {
        "/portal/": {"anonymous": REDIRECT},
        "/portal/applications/new/": {"anonymous": REDIRECT},
        "/portal/admission/": {"anonymous": REDIRECT},
        "/accounts/profile/": {"anonymous": REDIRECT},
        "/accounts/password_change/": {"anonymous": REDIRECT},
        f"/portal/applications/{a}/": {"anonymous": REDIRECT, "rep_b": NOT_FOUND,
                                       "registrar": NOT_FOUND, "superuser": NOT_FOUND},
        f"/portal/applications/{a}/edit/": {"anonymous": REDIRECT, "rep_b": NOT_FOUND,
                                            "registrar": NOT_FOUND, "superuser": NOT_FOUND},
        f"/portal/applications/{a}/withdraw/": {"anonymous": REDIRECT, "rep_b": NOT_FOUND,
                                                "registrar": NOT_FOUND,
                                                "superuser": NOT_FOUND},
        f"/portal/applications/{a}/documents/{d}/": {"anonymous": REDIRECT,
                                                     "rep_b": NOT_FOUND,
                                                     "registrar": NOT_FOUND,
                                                     "superuser": NOT_FOUND},
        # A document of another application is not reached through this one.
        f"/portal/applications/{a}/documents/{w['other_document'].pk}/": {
            "anonymous": REDIRECT, "rep_a": NOT_FOUND, "rep_b": NOT_FOUND,
            "registrar": NOT_FOUND, "superuser": NOT_FOUND},
        "/accounts/signup/": {"rep_a": REDIRECT, "rep_b": REDIRECT, "registrar": REDIRECT,
                              "superuser": REDIRECT},
    }


def admin_urls(w):
    s, p, m = w["submitted"].pk, w["product"].pk, w["maker"].pk
    desk = {"anonymous": REDIRECT, "rep_a": REDIRECT, "rep_b": REDIRECT}
    return {
        "/admin/registry/application/": desk,
        f"/admin/registry/application/{s}/change/": desk,
        f"/admin/registry/application/{s}/history/": desk,
        f"/admin/registry/application/{s}/take/": desk,
        f"/admin/registry/application/{s}/request-changes/": desk,
        f"/admin/registry/application/{s}/approve/": desk,
        f"/admin/registry/application/{s}/reject/": desk,
        # A draft is the manufacturer's own: not even registrars open it.
        f"/admin/registry/application/{w['draft'].pk}/change/": {
            **desk, "registrar": REDIRECT, "superuser": REDIRECT},
        f"/admin/products/product/{p}/suspend/": desk,
        f"/admin/products/product/{p}/reinstate/": desk,
        f"/admin/products/product/{p}/exclude/": desk,
        f"/admin/manufacturers/manufacturer/{m}/admit/": desk,
        f"/admin/manufacturers/manufacturer/{m}/refuse/": desk,
        "/admin/registry/decision/": desk,
        "/admin/registry/changeevent/": desk,
        "/admin/registry/application/add/": {**desk, "registrar": FORBIDDEN,
                                             "superuser": FORBIDDEN},
        "/admin/registry/decision/add/": {**desk, "registrar": FORBIDDEN,
                                          "superuser": FORBIDDEN},
    }


@pytest.mark.parametrize("actor", ACTORS)
def test_every_page_answers_each_actor_as_it_should(client, world, actor):
    user = world["users"][actor]
    if user is not None:
        client.force_login(user)
    failures = []
    for url, expected in {**portal_urls(world), **admin_urls(world)}.items():
        status = client.get(url).status_code
        want = expected.get(actor, OK)
        if status != want:
            failures.append(f"{url}: {status}, expected {want}")
    assert failures == []


@pytest.mark.parametrize("actor", ["anonymous", "rep_b", "registrar", "superuser"])
def test_nobody_else_acts_on_an_application_through_the_portal(client, world, actor):
    user = world["users"][actor]
    if user is not None:
        client.force_login(user)
    draft = world["draft"]
    a, d = draft.pk, world["document"].pk
    expected = REDIRECT if user is None else NOT_FOUND
    for url, data in [(f"/portal/applications/{a}/submit/", {}),
                      (f"/portal/applications/{a}/withdraw/", {}),
                      (f"/portal/applications/{a}/documents/", {"kind": "datasheet",
                                                                "file": pdf()}),
                      (f"/portal/applications/{a}/documents/{d}/remove/", {}),
                      (f"/portal/applications/{a}/edit/", {})]:
        assert client.post(url, data).status_code == expected, url
    draft.refresh_from_db()
    assert draft.state == "draft" and draft.documents.count() == 1


def test_representatives_cannot_post_decisions_to_the_desk(client, world):
    client.force_login(world["users"]["rep_a"])
    submitted = world["submitted"]
    response = client.post(f"/admin/registry/application/{submitted.pk}/take/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    submitted.refresh_from_db()
    assert submitted.state == "submitted"


def test_logs_are_not_deleted_or_changed_by_anyone(client, world):
    workflow.suspend(world["product"], world["users"]["registrar"], "check")
    client.force_login(world["users"]["superuser"])
    for model in (Decision, ChangeEvent):
        entry = model.objects.first()
        base = f"/admin/registry/{model._meta.model_name}/{entry.pk}"
        assert client.get(f"{base}/delete/").status_code == 403
        assert client.post(f"{base}/delete/", {"post": "yes"}).status_code == 403
        page = client.get(f"{base}/change/")
        assert page.status_code == 200 and not page.context["has_change_permission"]
        assert client.post(f"{base}/change/", {"comment": "rewritten"}).status_code == 403
        assert model.objects.get(pk=entry.pk).comment == entry.comment
    for model in ("application", "decision", "changeevent"):
        changelist = client.get(f"/admin/registry/{model}/")
        actions = changelist.context["cl"].model_admin.get_actions(changelist.wsgi_request)
        assert "delete_selected" not in actions
