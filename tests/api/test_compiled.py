"""The public detail's query, compiled once per language and run with only the number put in,
answers exactly what the queryset it was compiled from answers."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from registry.api import public, stored

pytestmark = pytest.mark.django_db


def built(number, language):
    """The same row by the ORM, as signed-in readers still get it."""
    return stored.detail_row(
        public.products(AnonymousUser()).filter(registry_number=number), language)


@pytest.mark.parametrize("language", ["ru", "en", "be"])
def test_the_compiled_query_answers_what_the_queryset_answers(register, language):
    stored.render_queryset(public.products(AnonymousUser()))
    numbers = [entry.registry_number for entry in register.public + [register.hidden]]
    numbers += ["UR-2099-999999", "x' OR '1'='1", ""]
    for number in numbers:
        assert stored.public_detail_row(number, language) == built(number, language), number
    assert stored.public_detail_row(register.hidden.registry_number, language) is None
    row = stored.public_detail_row(register.logic_entry.registry_number, language)
    assert row[0] == register.logic_entry.pk and row[2] is not None  # its stored document


def test_it_takes_one_query_and_on_postgresql_runs_the_kept_sql(register,
                                                                 django_assert_num_queries):
    number = register.mcu_entry.registry_number
    stored.public_detail_row(number, "ru")
    with django_assert_num_queries(1):
        assert stored.public_detail_row(number, "ru")[0] == register.mcu_entry.pk
    kept = stored.PUBLIC_DETAIL.kept("ru", "default")
    assert kept is (connection.vendor == "postgresql")
