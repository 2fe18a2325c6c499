"""Every admin page a registrar needs opens: list, add and change of every model."""

import pytest
from django.contrib import admin
from django.urls import reverse

from manufacturers.models import Membership
from products.models import (
    Document,
    ForeignAnalog,
    ParameterTemplate,
    PartAlias,
    ProductionStage,
    ProductParameter,
)
from registry import workflow
from registry.models import RegistryCounter
from tests.applications import include_data, make_application
from tests.factories import make_category, make_product

pytestmark = pytest.mark.django_db

# Models only administrators manage; registrars do not see them in their desk.
ADMINISTRATOR_ONLY = {"user", "group", "registrycounter", "dbtaskresult", "totpdevice",
                      "accessattempt", "accesslog", "accessfailurelog", "apitoken",
                      "webhooksubscription", "webhookdelivery"}


@pytest.fixture
def one_of_each(rep_a, maker_a, registrar):
    category = make_category(parameters=[("clock_mhz", "number", "MHz")])
    product = make_product("К1986ВЕ92QI", manufacturer=maker_a, category=category,
                           aliases=["MDR32F9Q2I"], analogs=[("74HC164", "pin_to_pin")])
    ProductParameter.objects.create(product=product, template=ParameterTemplate.objects.get(
        category=category), value="80")
    ProductionStage.objects.create(product=product, stage="design", site="Зеленоград",
                                   country="RU")
    RegistryCounter.objects.create(prefix="UR", year=2026, last_number=1)
    # An application, its document, decisions and a change of public data.
    application = make_application(
        rep_a, maker_a, state="under_review", registrar=registrar,
        data=include_data(category, part_number="К1986ВЕ94GI"))
    workflow.suspend(product, registrar, "Origin document under check.")
    return product, application


def admin_urls(model, obj):
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    urls = [reverse(f"{name}_changelist"), reverse(f"{name}_add")]
    if obj is not None:
        urls += [reverse(f"{name}_change", args=[obj.pk]), reverse(f"{name}_history",
                                                                   args=[obj.pk])]
    return urls


def registered_models():
    return sorted(admin.site._registry, key=lambda m: m._meta.label)


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_registrar_opens_every_page_of_the_desk(client, registrar, one_of_each, model):
    client.force_login(registrar)
    obj = model.objects.first()
    model_admin = admin.site._registry[model]
    if model._meta.model_name in ADMINISTRATOR_ONLY:
        assert client.get(admin_urls(model, obj)[0]).status_code == 403
        return
    for url in admin_urls(model, obj):
        response = client.get(url)
        if url.endswith("/add/") and not model_admin.has_add_permission(response.wsgi_request):
            assert response.status_code == 403, url  # logs and applications are never typed
        else:
            assert response.status_code == 200, url


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_superuser_opens_every_page(client, superuser, one_of_each, model):
    client.force_login(superuser)
    obj = model.objects.first()
    model_admin = admin.site._registry[model]
    for url in admin_urls(model, obj):
        response = client.get(url)
        if url.endswith("/add/") and not model_admin.has_add_permission(response.wsgi_request):
            assert response.status_code == 403, url  # e.g. counters: numbers are never typed
        else:
            assert response.status_code == 200, url


def test_representatives_and_anonymous_are_kept_out_of_the_desk(client, rep_a):
    assert client.get("/admin/").status_code == 302
    client.force_login(rep_a)
    assert client.get("/admin/products/product/").status_code == 302


def test_search_finds_an_entry_by_a_latin_spelling_of_a_cyrillic_number(
        client, registrar, one_of_each):
    client.force_login(registrar)
    response = client.get("/admin/products/product/", {"q": "k1986ve92qi"})
    assert list(response.context["cl"].result_list) == [one_of_each[0]]


def test_filters_by_status_country_category_and_manufacturer(client, registrar, one_of_each):
    product = one_of_each[0]
    client.force_login(registrar)
    response = client.get("/admin/products/product/", {
        "status": "suspended", "manufacturer__country__exact": "BY",
        "category__id__exact": product.category_id,
        "manufacturer__id__exact": product.manufacturer_id,
    })
    assert list(response.context["cl"].result_list) == [product]


def test_registry_number_is_read_only(client, registrar, one_of_each):
    product = one_of_each[0]
    client.force_login(registrar)
    response = client.get(f"/admin/products/product/{product.pk}/change/")
    assert "registry_number" not in response.context["adminform"].form.fields
    assert product.registry_number in response.content.decode()


def test_admin_speaks_russian_by_default_and_english_on_request(client, registrar):
    client.force_login(registrar)
    assert "Рабочее место регистратора" in client.get("/admin/").content.decode()
    english = client.get("/admin/", headers={"accept-language": "en"}).content.decode()
    assert "Register administration" in english


def test_history_models_are_not_registered_for_editing():
    labels = {m._meta.label for m in admin.site._registry}
    assert not any(label.split(".")[1].startswith("Historical") for label in labels)
    assert {Membership, PartAlias, ForeignAnalog, Document} & set(admin.site._registry)
