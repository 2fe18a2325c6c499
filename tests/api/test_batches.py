"""Catalogue batches through the API: staged with a manufacturer's token, per-row verdicts
readable before submission, submitted, and decided with a registrar's token."""

import pytest

from products.models import Product
from registry.models import Application, Batch
from tests.api.conftest import auth, issue_token
from tests.batches import demo_categories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def categories(db):
    demo_categories()


def rows(count, start=0):
    return [{"part_number": f"IN74HC{n}AN", "name_ru": "Микросхема", "category": "logic"}
            for n in range(start, start + count)]


def test_stage_read_submit_and_decide(client, rep_a, maker_a, registrar, rep_b, maker_b):
    token = issue_token(rep_a, maker_a)
    body = {"manufacturer": maker_a.slug,
            "rows": [*rows(3), {"part_number": "IN74HC9AN", "name_ru": "М",
                                "category": "logic", "tnved_code": "85423"}]}
    response = client.post("/api/v1/batches/", body, content_type="application/json",
                           headers=auth(token))
    assert response.status_code == 201, response.json()
    batch = response.json()
    assert batch["state"] == "staged" and batch["counts"] == {"new": 3, "error": 1}
    listed = client.get(batch["rows_url"] + "?outcome=error", headers=auth(token)).json()
    (error,) = listed["results"]
    assert error["line"] == 4 and error["errors"][0]["column"] == "tnved_code"
    # Errors refuse the submission (409) until the row is dropped.
    url = batch["api_url"]
    assert client.post(url + "submit/", {}, content_type="application/json",
                       headers=auth(token)).status_code == 409
    assert not Application.objects.exists()
    client.post(url + "drop/", {"lines": [4]}, content_type="application/json",
                headers=auth(token))
    response = client.post(url + "submit/", {"note": "2026"}, content_type="application/json",
                           headers=auth(token))
    assert response.status_code == 200 and response.json()["state"] == "submitted"
    # Another manufacturer's token sees no such batch.
    other = issue_token(rep_b, maker_b)
    assert client.get(url, headers=auth(other)).status_code == 404
    # A manufacturer's token takes no registrar's step; the registrar's does.
    assert client.post(url + "approve/", {}, content_type="application/json",
                       headers=auth(token)).status_code == 403
    registrar_token = issue_token(registrar, registrar=True)
    response = client.post(url + "request-changes/",
                           {"rows": [{"line": 1, "comment": "Package?"}]},
                           content_type="application/json", headers=auth(registrar_token))
    assert response.status_code == 200, response.json()
    response = client.post(url + "approve/", {}, content_type="application/json",
                           headers=auth(registrar_token))
    assert response.status_code == 200
    assert response.json()["counts"]["approved"] == 2
    assert Product.objects.count() == 2
    listed = client.get(batch["rows_url"], headers=auth(registrar_token)).json()["results"]
    assert [r["application_state"] for r in listed] == [
        "changes_requested", "approved", "approved", None]
    assert listed[1]["registry_number"].startswith("UR-")


def test_bad_bodies_are_refused_with_400(client, rep_a, maker_a):
    token = issue_token(rep_a, maker_a)
    for body in ({"manufacturer": maker_a.slug, "rows": []},
                 {"manufacturer": maker_a.slug, "rows": [{"colour": "red"}]},
                 {"manufacturer": "nobody", "rows": rows(1)}):
        response = client.post("/api/v1/batches/", body, content_type="application/json",
                               headers=auth(token))
        assert response.status_code == 400, body
    assert not Batch.objects.exists()
