"""The database itself refuses bad manufacturers, whatever door the data comes through."""

import pytest
from django.db import IntegrityError, transaction

from manufacturers.models import Manufacturer
from tests.factories import VALID_INN, VALID_OGRN, VALID_UNP, make_manufacturer

pytestmark = pytest.mark.django_db


def create(**fields):
    values = {"name_ru": "Тест", "short_name_ru": "Тест", "slug": "t", "country": "RU"}
    values.update(fields)
    with transaction.atomic():
        Manufacturer.objects.create(**values)


@pytest.mark.parametrize("fields", [
    {"country": "KZ"},
    {"country": "BY", "inn": VALID_INN},
    {"country": "RU", "unp": VALID_UNP},
    {"inn": "12345"},
    {"ogrn": "ABCDEFGHIJKLM"},
    {"country": "BY", "unp": "20098854X"},
])
def test_check_constraints(fields):
    with pytest.raises(IntegrityError):
        create(**fields)


def test_unique_identifier_per_country():
    make_manufacturer(country="RU", inn=VALID_INN, ogrn=VALID_OGRN)
    with pytest.raises(IntegrityError):
        create(slug="other", inn=VALID_INN)


def test_empty_identifiers_do_not_clash():
    make_manufacturer(country="RU")
    create(slug="other")
    assert Manufacturer.objects.filter(inn="").count() == 2
