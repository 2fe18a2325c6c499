"""The public detail's query, compiled once per language and run with only the number put in,
answers exactly what the queryset it was compiled from answers."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

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


def documents_by_orm(entries, language):
    """{pk: current body} of `entries`, as the ORM reads them: what current_bodies answers."""
    return {pk: body.encode() for pk, body in stored.id_and_current_body(entries, language)
            if body is not None}


@pytest.mark.parametrize("language", ["ru", "en"])
def test_a_pages_documents_are_those_the_orm_reads(register, language):
    """A list page's and a feed page's documents, by the SQL compiled once: only current
    ones, the hidden entry's only when the public's entries are not asked for, as bytes."""
    from products.models import Product

    stored.render_queryset(Product.objects.all())
    Product.objects.filter(pk=register.suspended.pk).update(updated_at=timezone.now())
    everyone = [entry.pk for entry in register.public + [register.hidden]] + [10**9]
    for public_only in (False, True):
        entries = public.products(AnonymousUser()) if public_only else Product.objects.all()
        found = stored.current_bodies(everyone, language, public_only=public_only)
        assert found == documents_by_orm(entries.filter(pk__in=everyone), language)
        assert register.suspended.pk not in found  # changed since: not current
        assert (register.hidden.pk in found) is not public_only
        assert all(isinstance(body, bytes) for body in found.values())
    assert stored.current_bodies([], language) == {}
    kept = stored.DOCUMENTS.kept((language, True), "default", first=False)
    assert kept is (connection.vendor == "postgresql")


def test_a_document_past_its_term_is_not_current_the_day_after(register, monkeypatch):
    """`today` is a parameter of the compiled SQL, not the day it was compiled on."""
    from products.models import Product

    entry = register.mcu_entry
    term_end = timezone.localdate() + datetime.timedelta(days=10)
    Product.objects.filter(pk=entry.pk).update(valid_until=term_end)
    stored.render_queryset(Product.objects.filter(pk=entry.pk))
    assert entry.pk in stored.current_bodies([entry.pk], "ru")
    day_after = term_end + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: day_after)
    assert stored.current_bodies([entry.pk], "ru") == {}


def test_on_postgresql_the_public_detail_is_planned_once_per_connection(register):
    """A prepared statement: PostgreSQL keeps its plan for any number asked. It is logged
    with the number in its text, as Django logs its own queries, and a rolled-back
    transaction (psycopg then drops what it prepared) leaves it answering."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    mcu, logic = register.mcu_entry, register.logic_entry
    assert stored.public_detail_row(mcu.registry_number, "ru")[0] == mcu.pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements "
                       "WHERE statement LIKE %s", ["%registry_number\" = $%"])
        assert cursor.fetchone()[0] == 1
    with CaptureQueriesContext(connection) as captured:
        assert stored.public_detail_row(logic.registry_number, "ru")[0] == logic.pk
    assert f"'{logic.registry_number}'" in captured.captured_queries[0]["sql"]
    with pytest.raises(RuntimeError), transaction.atomic():
        stored.public_detail_row(mcu.registry_number, "ru")
        raise RuntimeError
    assert stored.public_detail_row(logic.registry_number, "ru")[0] == logic.pk
