"""The demo register: real data, loaded twice without a single change the second time."""

import re

import pytest
from django.apps import apps
from django.http import HttpRequest

from manufacturers.models import Manufacturer
from products.models import Product
from registry.demo import loader
from registry.models import User

pytestmark = pytest.mark.django_db


def history_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()
            if model.__name__.startswith("Historical")}


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()
            if model._meta.app_label in {"manufacturers", "products", "registry"}}


@pytest.fixture
def demo(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-Password-1")
    return loader.load()


def test_loading_twice_changes_nothing(demo):
    rows, history = row_counts(), history_counts()
    second = loader.load()
    assert (second.created, second.updated) == ({}, {})
    assert row_counts() == rows
    assert history_counts() == history


def test_demo_register_is_large_enough_and_of_both_countries(demo):
    assert Manufacturer.objects.count() >= 12
    assert set(Manufacturer.objects.values_list("country", flat=True)) == {"BY", "RU"}
    assert Product.objects.count() >= 300


def test_every_demo_entry_has_a_registry_number_in_the_register_format(demo):
    numbers = list(Product.objects.values_list("registry_number", flat=True))
    assert all(re.fullmatch(r"UR-20\d\d-\d{6}", n) for n in numbers)
    assert len(set(numbers)) == len(numbers)


def test_the_two_reference_parts_are_there(demo):
    mcu = Product.objects.get(part_number="К1986ВЕ92QI")
    assert mcu.manufacturer.slug == "milandr"
    assert "MDR32F9Q2I" in mcu.aliases.values_list("part_number", flat=True)
    logic = Product.objects.get(part_number="IN74HC164AN")
    assert logic.manufacturer.slug == "integral"
    assert "КР1564ИР8" in logic.aliases.values_list("part_number", flat=True)
    analog = logic.analogs.get(part_number="74HC164")
    assert analog.compatibility == "pin_to_pin"


def test_demo_accounts_sign_in_with_demo_password(demo, client):
    for username in ("admin", "registrar", "registrar_ru", "integral", "milandr"):
        assert client.login(request=HttpRequest(), username=username,
                            password="demo-Password-1"), username
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="registrar").is_registrar
    assert User.objects.get(username="registrar").state == "BY"
    assert User.objects.get(username="registrar_ru").state == "RU"
    assert User.objects.get(username="integral").memberships.get().manufacturer.slug == "integral"
    assert User.objects.get(username="milandr").memberships.get().manufacturer.slug == "milandr"


def test_identifiers_of_demo_manufacturers_are_valid(demo):
    for manufacturer in Manufacturer.objects.all():
        manufacturer.full_clean()


def test_demo_entries_pass_the_same_validation_as_the_admin(demo):
    for product in Product.objects.prefetch_related("parameters__template"):
        product.full_clean()
        for parameter in product.parameters.all():
            parameter.full_clean()


def test_load_demo_command_prints_the_logins(demo, capsys):
    from django.core.management import call_command

    call_command("load_demo")
    out = capsys.readouterr().out
    assert "registrar_ru" in out and "milandr" in out and "demo-Password-1" in out


def test_integral_and_milandr_have_an_application_in_every_state(demo):
    from registry.models import Application, ChangeEvent

    states = {"draft", "submitted", "under_review", "changes_requested", "approved", "rejected"}
    for slug in ("integral", "milandr"):
        found = set(Application.objects.filter(manufacturer__slug=slug)
                    .values_list("state", flat=True))
        assert found == states, slug
    approved = Application.objects.filter(state="approved", kind="include")
    assert {a.product.part_number for a in approved} == {"IN74HC196", "5559ИН14А"}
    # Each state's registrar decided on its own manufacturers' inclusions.
    deciders = {"BY": "registrar", "RU": "registrar_ru"}
    for application in approved:
        assert application.product.history.first().history_user.username == \
            deciders[application.manufacturer.country]
        assert ChangeEvent.objects.filter(product=application.product,
                                          kind="entry.included").exists()
    # Every public entry and maker is in the change feed, however it entered the register.
    assert ChangeEvent.objects.filter(kind="entry.included").count() == Product.objects.count()
    assert ChangeEvent.objects.filter(kind="manufacturer.admitted").count() == \
        Manufacturer.objects.count()


def test_demo_applications_pass_the_workflow_rules(demo):
    from registry import proposals
    from registry.models import Application

    for application in Application.objects.exclude(kind="withdraw").select_related(
            "manufacturer", "product"):
        entry = application.product if application.kind == "amend" else None
        if application.state != "approved":
            proposals.validate(application.proposal, application.manufacturer, entry)


def test_a_demo_entrys_history_is_dated_on_its_registration_day(demo, client):
    mcu = Product.objects.get(part_number="К1986ВЕ92QI")
    inclusion = mcu.change_events.get(kind="entry.included")
    assert inclusion.occurred_at.date() == mcu.registered_at
    page = client.get(mcu.get_absolute_url(), headers={"accept-language": "ru"})
    assert f'<time datetime="{mcu.registered_at:%Y-%m-%d}">' in page.content.decode()
