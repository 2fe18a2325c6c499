"""Text stored through the portal is shown escaped on every page that shows it: the public
pages, the portal, the desk and the extract verification page."""

import pytest

from manufacturers.models import Manufacturer
from products.models import Product
from registry import workflow
from registry.extracts import issuing
from registry.models import Application
from tests.applications import admission_candidate, mcu_category

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(2)>'
RAW = [SCRIPT, ATTRIBUTE, "<img src=x onerror", "<b>bold</b>", "<i>HC</i>"]
ESCAPED = ["&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt;"]


def proposal_form(category):
    return {
        "entry-part_number": "XSS<b>bold</b>", "entry-category": category.slug,
        "entry-name_ru": f"Микросхема {SCRIPT}", "entry-name_en": f"Chip {ATTRIBUTE}",
        "entry-description_ru": f"{SCRIPT}{ATTRIBUTE}", "entry-description_en": ATTRIBUTE,
        "entry-package": ATTRIBUTE, "entry-tnved_code": "", "entry-okpd2_code": "",
        "entry-origin_document_kind": "", "entry-origin_document_number": SCRIPT,
        "entry-origin_document_date": "", "entry-origin_document_valid_until": "",
        "param_category": category.slug, "param-clock_mhz": "80", "param-core": SCRIPT,
        "alias-TOTAL_FORMS": "1", "alias-INITIAL_FORMS": "0", "alias-0-part_number": "AL<i>HC</i>",
        "analog-TOTAL_FORMS": "1", "analog-INITIAL_FORMS": "0",
        "analog-0-part_number": "SN74<i>HC</i>164", "analog-0-manufacturer_name": SCRIPT,
        "analog-0-compatibility": "functional", "analog-0-note": ATTRIBUTE,
        "stage-TOTAL_FORMS": "1", "stage-INITIAL_FORMS": "0", "stage-0-stage": "design",
        "stage-0-site": SCRIPT, "stage-0-operator": ATTRIBUTE, "stage-0-country": "BY",
        "stage-0-process_nm": "",
        "note": f"{SCRIPT} {ATTRIBUTE}",
    }


@pytest.fixture
def stored(client, rep_a, maker_a, registrar, registrar_ru):
    """A hostile inclusion and a hostile organisation, through the portal; a registrar
    admits and approves them with hostile comments."""
    category = mcu_category()
    client.force_login(rep_a)
    response = client.post(f"/portal/applications/new/?kind=include&manufacturer={maker_a.pk}"
                           f"&category={category.slug}", proposal_form(category))
    assert response.status_code == 302, response.context and [
        f.errors for f in response.context["forms"]]
    application = Application.objects.get()
    assert client.post(f"/portal/applications/{application.pk}/submit/").status_code == 302
    candidate = admission_candidate(name_ru=f"АО {SCRIPT}", short_name_ru=ATTRIBUTE,
                                    short_name_en="Hostile", address=SCRIPT)
    form = {name: getattr(candidate, name) for name in (
        "country", "name_ru", "short_name_ru", "short_name_en", "inn", "ogrn", "address",
        "email")}
    assert client.post("/portal/admission/", form).status_code == 302
    client.force_login(registrar)
    workflow.take_for_review(application, registrar)
    assert client.post(f"/admin/registry/application/{application.pk}/approve/",
                       {"comment": SCRIPT}).status_code == 302
    maker = Manufacturer.objects.get(short_name_en="Hostile")
    workflow.admit(maker, registrar_ru, ATTRIBUTE)  # a Russian applicant
    product = Product.objects.get(part_number="XSS<b>bold</b>")
    assert SCRIPT in product.name_ru and product.analogs.get().manufacturer_name == SCRIPT
    extract = issuing.issue(product, language="ru", verification_url=lambda code: code,
                            keys_url="/keys").extract
    return {"product": product, "application": application, "maker": maker,
            "extract": extract, "registrar": registrar, "rep": rep_a}


def assert_escaped(html, where):
    for raw in RAW:
        assert raw not in html, f"{where} shows {raw!r} unescaped"


def test_public_pages_escape_stored_text(client, stored):
    product, maker = stored["product"], stored["maker"]
    pages = {
        "entry": product.get_absolute_url(), "home": "/",
        "search": "/search/?q=XSS", "manufacturer": product.manufacturer.get_absolute_url(),
        "new manufacturer": maker.get_absolute_url(), "substitutes": "/substitutes/?part=SN74HC164",
        "verification": f"/verify/{stored['extract'].code}/",
    }
    shown = ""
    for where, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, where
        html = response.content.decode()
        assert_escaped(html, where)
        shown += html
    for escaped in ESCAPED:
        assert escaped in shown


def test_portal_pages_escape_stored_text(client, stored):
    client.force_login(stored["rep"])
    application = stored["application"]
    for url in ["/portal/", f"/portal/applications/{application.pk}/"]:
        html = client.get(url).content.decode()
        assert_escaped(html, url)
    assert ESCAPED[0] in client.get(f"/portal/applications/{application.pk}/").content.decode()


def test_desk_pages_escape_stored_text(client, stored, superuser):
    client.force_login(superuser)
    product, application, maker = stored["product"], stored["application"], stored["maker"]
    urls = [
        f"/admin/registry/application/{application.pk}/change/", "/admin/registry/application/",
        f"/admin/products/product/{product.pk}/change/", "/admin/products/product/?q=XSS",
        f"/admin/products/product/{product.pk}/history/", "/admin/registry/decision/",
        "/admin/registry/changeevent/", f"/admin/manufacturers/manufacturer/{maker.pk}/change/",
        "/admin/manufacturers/manufacturer/", "/admin/products/foreignanalog/",
        f"/admin/registry/application/{application.pk}/history/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_escaped(response.content.decode(), url)
