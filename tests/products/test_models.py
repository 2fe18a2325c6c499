"""Register entries keep their keys, codes and status consistent in the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from products.models import ParameterTemplate, ProductParameter, ProductStatus
from tests.factories import make_category, make_product

pytestmark = pytest.mark.django_db


def test_saving_derives_indexed_part_number_keys():
    product = make_product("К1986ВЕ92QI")
    assert (product.key_lookalike, product.key_translit, product.key_family) == (
        "K1986BE92QI", "K1986VE92QI", "1986VE92")


def test_changing_the_part_number_refreshes_the_keys_even_with_update_fields():
    product = make_product("К1986ВЕ92QI")
    product.part_number = "1892ВМ14Я"
    product.save(update_fields=["part_number"])
    product.refresh_from_db()
    assert product.key_translit == "1892VM14YA"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("tnved_code", "854231", "exactly 10 digits"),
    ("tnved_code", "85423190AB", "exactly 10 digits"),
    ("okpd2_code", "26-11-30", "separated by dots"),
    ("okpd2_code", "26.11.30.0000", "separated by dots"),
])
def test_bad_codes_are_refused_with_a_clear_message(field, value, message):
    product = make_product()
    setattr(product, field, value)
    with pytest.raises(ValidationError) as error:
        product.full_clean()
    assert message in error.value.message_dict[field][0]


@pytest.mark.parametrize(("field", "value"), [
    ("tnved_code", "8542 31 900 0"),
    ("okpd2_code", "26.11.30.000"),
    ("okpd2_code", "26.11.30"),
])
def test_good_codes_pass(field, value):
    product = make_product()
    setattr(product, field, value)
    product.full_clean()


@pytest.mark.parametrize(("fields", "constraint"), [
    ({"tnved_code": "12345"}, "tnved"),
    ({"okpd2_code": "x"}, "okpd2"),
    ({"registry_number": "12345"}, "registry_number"),
    ({"status": "excluded"}, "excluded_has_date_and_reason"),
    ({"status": "suspended"}, "suspended_has_date"),
    ({"status": "deleted"}, "status_valid"),
    ({"valid_until": datetime.date(2020, 1, 1)}, "valid_after_registration"),
])
def test_database_constraints_refuse_inconsistent_entries(fields, constraint):
    product = make_product()
    for name, value in fields.items():
        setattr(product, name, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        product.save()


def test_an_excluded_entry_with_date_and_reason_is_accepted():
    product = make_product()
    product.status = ProductStatus.EXCLUDED
    product.excluded_at = datetime.date(2026, 5, 1)
    product.exclusion_reason = "production_ended"
    product.save()
    assert product.get_exclusion_reason_display() == "production ended"


def test_registry_numbers_are_unique():
    make_product(registry_number="UR-2026-000001")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_product(registry_number="UR-2026-000001")


def test_numeric_parameters_get_a_numeric_copy_and_text_ones_do_not():
    category = make_category(parameters=[("clock_mhz", "number", "MHz"), ("core", "text", "")])
    product = make_product(category=category)
    clock, core = ParameterTemplate.objects.filter(category=category).order_by("position")
    ProductParameter.objects.create(product=product, template=clock, value="80")
    ProductParameter.objects.create(product=product, template=core, value="Cortex-M3")
    values = dict(product.parameters.values_list("template__key", "value_numeric"))
    assert values["clock_mhz"] == 80
    assert values["core"] is None


def test_a_number_parameter_refuses_text():
    category = make_category(parameters=[("clock_mhz", "number", "MHz")])
    product = make_product(category=category)
    parameter = ProductParameter(product=product, template=category.parameters.get(),
                                 value="fast")
    with pytest.raises(ValidationError) as error:
        parameter.full_clean()
    assert "must be a number" in error.value.message_dict["value"][0]


def test_a_parameter_of_another_category_is_refused():
    mcu = make_category(parameters=[("clock_mhz", "number", "MHz")])
    product = make_product(category=make_category())
    parameter = ProductParameter(product=product, template=mcu.parameters.get(), value="1")
    with pytest.raises(ValidationError) as error:
        parameter.full_clean()
    assert "template" in error.value.message_dict


def test_subcategories_inherit_the_parameters_of_their_ancestors():
    root = make_category(slug="ics", parameters=[("temp_min", "number", "°C")])
    mcu = make_category(slug="mcu", parent=root, parameters=[("core", "choice", "")])
    assert [t.key for t in mcu.parameter_templates()] == ["temp_min", "core"]
    assert mcu.path == "/ics/mcu/"


def test_moving_a_category_moves_its_subtree():
    root = make_category(slug="ics")
    mcu = make_category(slug="mcu", parent=root)
    leaf = make_category(slug="arm", parent=mcu)
    other = make_category(slug="other")
    mcu.parent = other
    mcu.save()
    leaf.refresh_from_db()
    assert leaf.path == "/other/mcu/arm/"


def test_a_parameter_key_keeps_one_unit_and_kind_across_categories():
    make_category(slug="mcu", parameters=[("clock_mhz", "number", "MHz")])
    dsp = make_category(slug="dsp")
    same = ParameterTemplate(category=dsp, key="clock_mhz", kind="number", unit="MHz",
                             name_ru="Частота", name_en="Clock")
    same.full_clean()  # filtered together with the microcontrollers' clock: fine
    for unit, kind in (("kHz", "number"), ("MHz", "text")):
        other = ParameterTemplate(category=dsp, key="clock_mhz", kind=kind, unit=unit,
                                  name_ru="Частота", name_en="Clock")
        with pytest.raises(ValidationError) as refused:
            other.full_clean()
        assert "MHz" in str(refused.value.message_dict["unit"])
