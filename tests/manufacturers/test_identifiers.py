import pytest
from django.core.exceptions import ValidationError

from manufacturers.identifiers import validate_inn, validate_ogrn, validate_unp
from manufacturers.models import Manufacturer
from tests.factories import VALID_INN, VALID_OGRN, VALID_UNP, make_manufacturer


@pytest.mark.parametrize(("validator", "good"), [
    (validate_unp, "200988541"),
    (validate_inn, "7735007358"),
    (validate_inn, "3661057900"),
    (validate_ogrn, "1123668048789"),
    (validate_ogrn, "1022200525819"),
])
def test_valid_identifiers_pass(validator, good):
    validator(good)


@pytest.mark.parametrize(("validator", "bad", "message"), [
    (validate_unp, "200988542", "UNP 200988542 has a wrong check digit"),
    (validate_unp, "MA1953684", "UNP of an organisation must have 9 digits"),
    (validate_unp, "12345", "UNP of an organisation must have 9 digits"),
    (validate_inn, "7735007359", "INN 7735007359 has a wrong check digit"),
    (validate_inn, "123456789047", "INN of an organisation must have 10 digits"),
    (validate_ogrn, "1123668048780", "OGRN 1123668048780 has a wrong check digit"),
    (validate_ogrn, "11236680487", "OGRN of an organisation must have 13 digits"),
])
def test_wrong_identifiers_are_refused_with_a_message_naming_them(validator, bad, message):
    with pytest.raises(ValidationError) as error:
        validator(bad)
    assert message in error.value.messages[0]


@pytest.mark.django_db
def test_model_validation_names_the_field_with_the_wrong_digit():
    maker = Manufacturer(name_ru="Тест", short_name_ru="Тест", slug="t", country="RU",
                         inn=VALID_INN, ogrn="1123668048780")
    with pytest.raises(ValidationError) as error:
        maker.full_clean()
    assert set(error.value.message_dict) == {"ogrn"}
    assert "wrong check digit" in error.value.message_dict["ogrn"][0]


@pytest.mark.django_db
def test_identifiers_of_the_other_country_are_refused():
    maker = Manufacturer(name_ru="Тест", short_name_ru="Тест", slug="t", country="BY",
                         unp=VALID_UNP, inn=VALID_INN)
    with pytest.raises(ValidationError) as error:
        maker.full_clean()
    assert "inn" in error.value.message_dict


@pytest.mark.django_db
def test_spaces_in_identifiers_are_dropped_on_clean():
    maker = Manufacturer(name_ru="Тест", short_name_ru="Тест", slug="t", country="RU",
                         inn="7735 007358", ogrn="1123668048789")
    maker.full_clean()
    assert maker.inn == VALID_INN


@pytest.mark.django_db
def test_identifier_is_unique_per_country_with_a_field_message():
    make_manufacturer(country="RU", inn=VALID_INN, ogrn=VALID_OGRN)
    twin = Manufacturer(name_ru="Двойник", short_name_ru="Двойник", slug="twin", country="RU",
                        inn=VALID_INN)
    with pytest.raises(ValidationError) as error:
        twin.full_clean()
    assert "inn" in error.value.message_dict
