"""Two states' registrars: each ministry decides on its own manufacturers' matters, the other
state's registrars read them and may comment, joint categories are decided by either, and the
decision log and the extract name the deciding authority. Through the workflow, the desk and
the API alike."""

import pytest

from products.models import ProductStatus
from registry import workflow
from registry.extracts import issuing
from registry.extracts.wording import fact_rows
from registry.models import Action, Decision
from registry.workflow.steps import available_steps, names
from tests.api.conftest import auth, issue_token
from tests.applications import include_data, make_application, mcu_category
from tests.conftest import make_registrar
from tests.factories import make_category, make_product

pytestmark = pytest.mark.django_db
QUEUE = "/admin/registry/application/"
APPLICATIONS = "/api/v1/applications/"


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def russian_application(rep_b, maker_b):
    """A Russian manufacturer's application awaiting a registrar."""
    return make_application(rep_b, maker_b, state="submitted")


def test_a_belarusian_registrar_cannot_take_or_approve_a_russian_application(
        russian_application, registrar, registrar_ru):
    with pytest.raises(workflow.NotAllowed, match="Ministry of Industry and Trade"):
        workflow.take_for_review(russian_application, registrar)
    russian_application.refresh_from_db()
    assert russian_application.state == "submitted"
    assert available_steps(russian_application, registrar) == []

    workflow.take_for_review(russian_application, registrar_ru)
    with pytest.raises(workflow.NotAllowed):
        workflow.approve(russian_application, registrar)
    application = workflow.approve(russian_application, registrar_ru)
    assert application.state == "approved"


def test_the_desk_hides_the_buttons_and_says_why(client, russian_application, registrar,
                                                 registrar_ru):
    client.force_login(registrar)
    page = client.get(f"{QUEUE}{russian_application.pk}/change/", headers={
        "accept-language": "en"})
    text = page.content.decode()
    assert "decision-take" not in text and "decision-approve" not in text
    assert "Read only." in text and "Ministry of Industry and Trade" in text
    assert "registrar-comment" in text  # a comment is still open to them
    # Posting the decision anyway is refused with the same words, and changes nothing.
    response = client.post(f"{QUEUE}{russian_application.pk}/take/", follow=True,
                           headers={"accept-language": "en"})
    assert any("Ministry of Industry and Trade" in m for m in messages_of(response))
    russian_application.refresh_from_db()
    assert russian_application.state == "submitted"

    client.force_login(registrar_ru)
    page = client.get(f"{QUEUE}{russian_application.pk}/change/")
    assert "decision-take" in page.content.decode()
    assert "Read only." not in page.content.decode()
    client.post(f"{QUEUE}{russian_application.pk}/take/")
    response = client.post(f"{QUEUE}{russian_application.pk}/approve/")
    assert response.status_code == 302
    russian_application.refresh_from_db()
    assert russian_application.state == "approved"


def test_the_api_answers_403_to_the_other_state_and_200_to_its_own(
        client, russian_application, registrar, registrar_ru):
    by_token = issue_token(registrar, registrar=True)
    ru_token = issue_token(registrar_ru, registrar=True)
    url = f"{APPLICATIONS}{russian_application.pk}/"
    assert client.get(url, headers=auth(by_token)).json()["available_steps"] == []
    refused = client.post(f"{url}take/", {}, content_type="application/json",
                          headers=auth(by_token))
    assert refused.status_code == 403
    assert "Ministry of Industry and Trade" in refused.json()["detail"]

    for step in ("take", "approve"):
        response = client.post(f"{url}{step}/", {}, content_type="application/json",
                               headers=auth(ru_token))
        assert response.status_code == 200, response.content
    assert response.json()["state"] == "approved"
    approval = response.json()["decisions"][-1]
    assert (approval["action"], approval["authority"]) == ("application.approved", "RU")


def test_the_other_state_comments_in_the_desk_and_the_api_and_the_maker_does_not_see_it(
        client, russian_application, registrar, rep_b):
    client.force_login(registrar)
    response = client.post(f"{QUEUE}{russian_application.pk}/comment/",
                           {"comment": "The same part is registered in Minsk."})
    assert response.status_code == 302
    comment = Decision.objects.get(action=Action.COMMENTED)
    assert (comment.actor, comment.authority) == (registrar, "BY")
    page = client.get(f"{QUEUE}{russian_application.pk}/change/")
    assert "The same part is registered in Minsk." in page.content.decode()
    russian_application.refresh_from_db()
    assert russian_application.state == "submitted"  # a comment decides nothing

    token = issue_token(registrar, registrar=True)
    response = client.post(f"{APPLICATIONS}{russian_application.pk}/comment/",
                           {"comment": "Agreed with Moscow."}, content_type="application/json",
                           headers=auth(token))
    assert response.status_code == 200, response.content
    assert Decision.objects.filter(action=Action.COMMENTED).count() == 2
    empty = client.post(f"{APPLICATIONS}{russian_application.pk}/comment/", {"comment": " "},
                        content_type="application/json", headers=auth(token))
    assert empty.status_code == 400

    client.force_login(rep_b)
    portal = client.get(f"/portal/applications/{russian_application.pk}/")
    assert "Minsk" not in portal.content.decode()


def test_a_joint_category_is_decided_by_either_state(settings, rep_b, maker_b, registrar):
    settings.JOINT_DECISION_CATEGORIES = ["space"]
    space = make_category(slug="space", parameters=[("clock_mhz", "number", "MHz")])
    joint = make_application(rep_b, maker_b, state="submitted",
                             data=include_data(space, part_number="1986ВЕ8Т"))
    ordinary = make_application(rep_b, maker_b, state="submitted",
                                data=include_data(mcu_category(), part_number="1986ВЕ91Т"))
    assert names(available_steps(joint, registrar)) == ["take"]
    assert names(available_steps(ordinary, registrar)) == []
    workflow.take_for_review(joint, registrar)
    application = workflow.approve(joint, registrar)
    approval = application.decisions.get(action=Action.APPROVED)
    assert approval.authority == "BY"  # the ministry that took the joint decision


def test_entries_follow_the_same_rule(maker_b, registrar, registrar_ru):
    entry = make_product(manufacturer=maker_b)
    with pytest.raises(workflow.NotAllowed):
        workflow.suspend(entry, registrar, "Test report missing.")
    workflow.suspend(entry, registrar_ru, "Test report missing.")
    entry.refresh_from_db()
    assert entry.status == ProductStatus.SUSPENDED
    assert entry.decisions.get(action=Action.ENTRY_SUSPENDED).authority == "RU"
    workflow.comment(entry, registrar, "Checked on our side too.")


def test_a_registrar_without_a_state_decides_nothing(russian_application):
    stateless = make_registrar("stateless", "")
    with pytest.raises(workflow.NotAllowed, match="names no state"):
        workflow.take_for_review(russian_application, stateless)


def test_the_extract_names_the_deciding_authority(rep_b, maker_b, registrar_ru):
    application = make_application(rep_b, maker_b, state="approved", registrar=registrar_ru)
    extract = issuing.issue(application.product, language="en",
                            verification_url=lambda code: code, keys_url="/keys").extract
    assert extract.data["entry"]["decision_authority"] == "RU"
    rows = dict(fact_rows(extract.data["entry"]))
    assert rows["Deciding authority"] == "Ministry of Industry and Trade of the Russian Federation"
