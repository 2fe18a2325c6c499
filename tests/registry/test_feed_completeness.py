"""Every change to what the public sees reaches the change feed, and nothing else moves it:
saves that change nothing leave no trace, the catalogue's categories are fed, an entry's parts
change only on the entry's page, and a register filled before the feed gets its events once."""


import pytest
from django.core.exceptions import ValidationError

from manufacturers.models import Manufacturer
from products.models import Category, ParameterTemplate, Product
from registry import workflow
from registry.feed.reading import public_changes
from registry.models import ChangeEvent
from tests.applications import make_application, mcu_category
from tests.factories import make_category, make_product, make_user

pytestmark = pytest.mark.django_db


def updated_at(obj):
    return type(obj).objects.values_list("updated_at", flat=True).get(pk=obj.pk)


def test_a_correction_that_changes_nothing_leaves_the_entry_as_it_was(maker_a, registrar):
    product = make_product(manufacturer=maker_a)
    stamp = updated_at(product)
    workflow.correct_entry(product, registrar, reason="checked",
                           edit=lambda: Product.objects.get(pk=product.pk).save())
    assert updated_at(product) == stamp
    assert not ChangeEvent.objects.exists() and not product.decisions.exists()


def test_a_maker_correction_that_changes_nothing_leaves_it_as_it_was(maker_a, registrar):
    stamp = updated_at(maker_a)
    workflow.correct_manufacturer(maker_a, registrar,
                                  edit=lambda: Manufacturer.objects.get(pk=maker_a.pk).save())
    assert updated_at(maker_a) == stamp and not ChangeEvent.objects.exists()


def test_an_amendment_the_entry_already_says_changes_nothing(rep_a, maker_a, registrar):
    product = make_product(manufacturer=maker_a, category=mcu_category())
    application = make_application(rep_a, maker_a, kind="amend", product=product,
                                   state="under_review", registrar=registrar)

    def same_package():
        fresh = Product.objects.get(pk=product.pk)
        fresh.package = application.proposal["package"]
        fresh.save()

    workflow.correct_entry(product, registrar, reason="package", edit=same_package)
    stamp = updated_at(product)
    workflow.approve(application, registrar)
    assert updated_at(product) == stamp
    assert [e.kind for e in ChangeEvent.objects.order_by("id")] == ["entry.corrected"]


def test_a_withdrawal_says_why(rep_a, maker_a):
    product = make_product(manufacturer=maker_a)
    with pytest.raises(ValidationError) as refused:
        workflow.create_application(rep_a, maker_a, "withdraw", product=product, note=" ")
    assert refused.value.message_dict == {"note": ["Say why the entry is withdrawn."]}
    application = workflow.create_application(rep_a, maker_a, "withdraw", product=product,
                                              note="Production ended.")
    with pytest.raises(ValidationError):
        workflow.update_draft(application, rep_a, note="")


def test_the_public_does_not_see_a_makers_e_mail_in_its_changes(maker_a, registrar):
    def edit():
        fresh = Manufacturer.objects.get(pk=maker_a.pk)
        fresh.email, fresh.website = "new@example.org", "https://maker-a.example"
        fresh.save()

    workflow.correct_manufacturer(maker_a, registrar, reason="contacts", edit=edit)
    event = ChangeEvent.objects.get()
    assert set(event.changes) == {"email", "website"}
    assert set(public_changes(event)) == {"website"}


# --- Categories ---------------------------------------------------------------------------------

@pytest.fixture
def desk(client, registrar):
    client.force_login(registrar)
    return client


def category_form(category, **changes):
    data = {"slug": category.slug, "code": category.code, "name_ru": category.name_ru,
            "name_en": category.name_en, "parent": category.parent_id or "",
            "position": category.position}
    templates = list(category.parameters.order_by("pk"))
    data.update({"parameters-TOTAL_FORMS": len(templates),
                 "parameters-INITIAL_FORMS": len(templates)})
    for index, template in enumerate(templates):
        data.update({f"parameters-{index}-{name}": getattr(template, name) for name in (
            "key", "name_ru", "name_en", "unit", "kind", "position")})
        data[f"parameters-{index}-id"] = template.pk
        data[f"parameters-{index}-category"] = category.pk
    data.update(changes)
    return data


def test_a_renamed_category_and_its_parameters_go_to_the_feed(desk):
    category = make_category(slug="mcu", name_en="MCU", parameters=[("clock", "number", "MHz")])
    url = f"/admin/products/category/{category.pk}/change/"
    response = desk.post(url, category_form(
        category, name_en="Microcontrollers", **{"parameters-0-unit": "kHz"}))
    assert response.status_code == 302
    event = ChangeEvent.objects.get()
    assert (event.kind, event.category) == ("category.changed", category)
    assert event.changes["name_en"] == {"before": "MCU", "after": "Microcontrollers"}
    assert event.changes["parameters"]["after"][0]["unit"] == "kHz"
    assert desk.post(url, category_form(Category.objects.get())).status_code == 302
    assert ChangeEvent.objects.count() == 1  # saved unchanged: nothing to feed


def test_a_parameter_added_on_its_own_goes_to_the_feed(desk):
    category = make_category()
    response = desk.post("/admin/products/parametertemplate/add/", {
        "category": category.pk, "key": "vcc", "name_ru": "Напряжение", "name_en": "Voltage",
        "unit": "V", "kind": "number", "position": 0})
    assert response.status_code == 302
    event = ChangeEvent.objects.get()
    assert event.category == category
    assert [p["key"] for p in event.changes["parameters"]["after"]] == ["vcc"]
    assert ParameterTemplate.objects.get().category == category


def test_categories_are_not_deleted_and_an_entrys_parts_change_on_its_page(desk, maker_a):
    category = make_category()
    product = make_product(manufacturer=maker_a, analogs=[("74HC164", "functional")])
    assert desk.get(f"/admin/products/category/{category.pk}/delete/").status_code == 403
    analog = product.analogs.get()
    page = desk.get(f"/admin/products/foreignanalog/{analog.pk}/change/")
    assert page.status_code == 200 and not page.context["has_change_permission"]
    response = desk.post(f"/admin/products/foreignanalog/{analog.pk}/change/", {
        "product": product.pk, "part_number": "OTHER", "compatibility": "functional"})
    assert response.status_code == 403
    assert desk.get("/admin/products/document/add/").status_code == 403
    assert product.analogs.get().part_number == "74HC164"


def test_only_registrars_change_categories(db):
    clerk = make_user("clerk", is_staff=True, is_superuser=False)
    category = make_category(name_en="Old")
    with pytest.raises(workflow.NotAllowed):
        workflow.correct_category(category, clerk, edit=lambda: None)
    assert not ChangeEvent.objects.exists()
