"""The whole life of an inclusion through the doors people use: the portal's forms and the
registrar's admin actions, down to the public entry with its number and history."""

import pytest
from django.utils import timezone

from products.models import Product
from registry.feed.reading import public_history
from registry.models import Application
from tests.applications import PDF, include_data, mcu_category, pdf
from tests.portal.forms import form_errors, proposal_post

pytestmark = pytest.mark.django_db


def test_include_request_changes_answer_approve(client, rep_a, maker_a, registrar, mailoutbox,
                                                 django_capture_on_commit_callbacks):
    category = mcu_category()
    client.force_login(rep_a)

    # The representative chooses what to apply for, fills in the product and saves a draft.
    assert client.get("/portal/applications/new/").status_code == 200
    choice = f"?kind=include&manufacturer={maker_a.pk}&category={category.slug}"
    page = client.get(f"/portal/applications/new/{choice}")
    assert page.status_code == 200 and "param-clock_mhz" in page.content.decode()
    data = include_data(category, production=[
        {"stage": "design", "site": "Зеленоград", "operator": "АО «ПКК Миландр»",
         "country": "ru", "process_nm": None}])
    response = client.post(f"/portal/applications/new/{choice}",
                           proposal_post(data, note="Новое изделие."))
    assert response.status_code == 302, form_errors(response)
    application = Application.objects.get()
    assert response["Location"] == f"/portal/applications/{application.pk}/"
    assert application.proposal["production"][0]["country"] == "RU"

    # ... attaches the datasheet and submits; the registrars are told.
    response = client.post(f"/portal/applications/{application.pk}/documents/",
                           {"kind": "datasheet", "title": "Datasheet", "file": pdf()})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/portal/applications/{application.pk}/submit/")
    application.refresh_from_db()
    assert application.state == "submitted"
    assert [m.to for m in mailoutbox] == [[registrar.email]]

    # The registrar takes it from the queue and asks for a change.
    client.force_login(registrar)
    queue = client.get("/admin/registry/application/")
    assert list(queue.context["cl"].result_list) == [application]
    admin_url = f"/admin/registry/application/{application.pk}/"
    assert client.post(f"{admin_url}take/").status_code == 302
    page = client.get(f"{admin_url}change/")
    assert "К1986ВЕ92QI" in page.content.decode()
    assert client.post(f"{admin_url}request-changes/", {"comment": ""}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{admin_url}request-changes/", {"comment": "Укажите корпус."})
    application.refresh_from_db()
    assert application.state == "changes_requested"
    assert mailoutbox[-1].to == [rep_a.email] and "Укажите корпус." in mailoutbox[-1].body

    # The representative sees the request, changes the data and answers.
    client.force_login(rep_a)
    page = client.get(f"/portal/applications/{application.pk}/")
    assert "Укажите корпус." in page.content.decode()
    home = client.get("/portal/")
    assert home.context["page"].object_list[0].registrar_comment == "Укажите корпус."
    edit = client.get(f"/portal/applications/{application.pk}/edit/")
    assert edit.status_code == 200
    data = {**application.proposal, "package": "LQFP64"}
    response = client.post(f"/portal/applications/{application.pk}/edit/",
                           proposal_post(data, note="Новое изделие."))
    assert response.status_code == 302, form_errors(response)
    client.post(f"/portal/applications/{application.pk}/submit/",
                {"comment": "Корпус указан."})
    application.refresh_from_db()
    # Straight back to the registrar who asked: no second "take".
    assert application.state == "under_review" and application.proposal["package"] == "LQFP64"
    assert application.assigned_to == registrar

    client.force_login(registrar)
    response = client.post(f"{admin_url}approve/", {"decision_number": "", "comment": ""})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == "approved"

    # The entry is public with its number, its data, its document and its history.
    product = application.product
    year = timezone.localdate().year
    assert product.registry_number == f"UR-{year}-000001"
    assert Product.objects.get(registry_number=product.registry_number).package == "LQFP64"
    page = client.get(f"/products/{product.registry_number}/", headers={"accept-language": "en"})
    html = page.content.decode()
    assert page.status_code == 200 and "К1986ВЕ92QI" in html
    assert "History of the entry" in html and "included in the register" in html
    document = product.documents.get()
    assert document.file.open("rb").read() == PDF
    assert [e.kind for e in public_history(product)] == ["entry.included"]
    client.force_login(rep_a)
    page = client.get(f"/portal/applications/{application.pk}/")
    assert product.registry_number in page.content.decode()
    assert [e.kind for e in page.context["history"]] == ["entry.included"]
