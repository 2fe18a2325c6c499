"""Tables of any length without JavaScript ("Add a row" posts the page back with one more row
and everything typed kept), where people land after signing in, and the address e-mails link
to."""

import pytest

from registry import workflow
from registry.models import Application
from tests.applications import include_data, make_application, mcu_category
from tests.portal.forms import proposal_post

pytestmark = pytest.mark.django_db
EN = {"accept-language": "en"}


@pytest.fixture
def signed_in(client, rep_a):
    client.force_login(rep_a)
    return client


def test_add_row_without_javascript_keeps_what_was_typed(signed_in, maker_a):
    category = mcu_category()
    data = include_data(category, aliases=["MDR32F9Q2I", "1986ВЕ92У"],
                        production=[{"stage": "design", "site": "Зеленоград", "country": "RU"}])
    url = (f"/portal/applications/new/?kind=include&manufacturer={maker_a.pk}"
           f"&category={category.slug}")
    post = proposal_post(data, note="Half done", add_row="alias")
    post["entry-part_number"] = ""  # not filled in yet: no error shown while adding rows
    response = signed_in.post(url, post, headers=EN)
    assert response.status_code == 200
    forms = response.context["forms"]
    assert forms.aliases.total_form_count() == 4  # two typed, the blank one, and the new one
    html = response.content.decode()
    assert 'value="MDR32F9Q2I"' in html and 'value="1986ВЕ92У"' in html
    assert 'value="Зеленоград"' in html and "Half done" in html
    assert 'name="alias-3-part_number"' in html
    assert "errorlist" not in html
    assert not Application.objects.exists()  # nothing saved

    # The new row is filled in and the draft saved with all three spellings.
    post = proposal_post({**data, "aliases": ["MDR32F9Q2I", "1986ВЕ92У", "K1986BE92QI"]})
    post["alias-TOTAL_FORMS"] = 4
    response = signed_in.post(url, post, headers=EN)
    assert response.status_code == 302, response.context and response.context["forms"]
    assert sorted(Application.objects.get().proposal["aliases"]) == sorted([
        "MDR32F9Q2I", "1986ВЕ92У", "K1986BE92QI"])


def test_each_table_offers_a_row_button_and_its_template(signed_in, rep_a, maker_a):
    application = make_application(rep_a, maker_a)
    html = signed_in.get(f"/portal/applications/{application.pk}/edit/").content.decode()
    for prefix in ("alias", "analog", "stage"):
        assert f'name="add_row" value="{prefix}"' in html
        assert f'name="{prefix}-__prefix__-' in html  # the row the script copies
    assert "/static/js/rows.js" in html or "js/rows." in html


def test_a_bad_row_count_is_answered_not_crashed(signed_in, rep_a, maker_a):
    application = make_application(rep_a, maker_a)
    post = proposal_post(application.proposal, add_row="stage")
    post["stage-TOTAL_FORMS"] = "many"
    response = signed_in.post(f"/portal/applications/{application.pk}/edit/", post)
    assert response.status_code == 200


@pytest.mark.parametrize("who, landing", [("rep_a", "/portal/"), ("registrar", "/admin/")])
def test_after_signing_in_each_lands_where_they_work(client, request, who, landing):
    user = request.getfixturevalue(who)
    response = client.post("/accounts/login/", {"username": user.username,
                                                "password": "pw-Long-enough-1"})
    assert response.status_code == 302
    assert response["Location"] == landing
    # An address asked for is still honoured.
    client.post("/accounts/logout/")
    response = client.post("/accounts/login/?next=/search/", {
        "username": user.username, "password": "pw-Long-enough-1"})
    assert response["Location"] == "/search/"


def test_e_mails_greet_by_full_name_and_link_to_the_address_asked_for(
        client, settings, rep_a, maker_a, registrar, mailoutbox,
        django_capture_on_commit_callbacks):
    settings.ALLOWED_HOSTS = ["register.example.by"]
    registrar.first_name, registrar.last_name = "Ирина", "Ковалёва"
    registrar.save()
    application = make_application(rep_a, maker_a, data=include_data(mcu_category()))
    client.force_login(rep_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/portal/applications/{application.pk}/submit/",
                               HTTP_HOST="register.example.by")
    assert response.status_code == 302
    (mail,) = mailoutbox
    assert "Ирина Ковалёва" in mail.body
    assert (f"http://register.example.by/admin/registry/application/{application.pk}/change/"
            in mail.body)
    assert "127.0.0.1" not in mail.body


def test_the_configured_public_address_wins(settings, rep_a, maker_a, registrar, mailoutbox,
                                           django_capture_on_commit_callbacks):
    settings.REGISTER_PUBLIC_URL = "https://reestr.example.ru"
    application = make_application(rep_a, maker_a, state="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.take_for_review(application, registrar)
    assert all("https://reestr.example.ru/portal/applications/" in m.body for m in mailoutbox)
    assert mailoutbox
