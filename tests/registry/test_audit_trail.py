"""The audit trail cannot be altered: the database refuses to update or delete any of its
rows (PostgreSQL), and the admin offers no door to edit, revert or delete it."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import DatabaseError, connection, transaction
from simple_history.models import HistoricalChanges

from products.models import ProductionStage
from registry import tokens, workflow
from registry.extracts.models import Extract
from registry.models import Application, ChangeEvent, Decision
from tests import factories
from tests.applications import make_application, pdf

pytestmark = pytest.mark.django_db

LOGS = [Decision, ChangeEvent, Extract]


def history_models():
    """The historical models of every model django-simple-history tracks, and the tables of
    their tracked many-to-many relations (an account's groups, a group's permissions)."""
    return sorted((model for model in apps.get_models() if issubclass(model, HistoricalChanges)),
                  key=lambda m: m._meta.db_table)


def audit_tables():
    return sorted([m._meta.db_table for m in history_models()]
                  + [m._meta.db_table for m in LOGS])


@pytest.fixture
def trail(rep_a, maker_a, registrar):
    """A row in every table of the trail: an approved application with a document, an
    entry with every part, a decision and a change event."""
    application = make_application(rep_a, maker_a)
    workflow.add_document(application, rep_a, kind="datasheet", file=pdf())
    workflow.submit(application, rep_a)
    workflow.take_for_review(application, registrar)
    application = workflow.approve(application, registrar)
    product = application.product
    ProductionStage.objects.create(product=product, stage="design", site="Минск",
                                   country="BY")
    workflow.suspend(product, registrar, "Origin document under check.")
    group = Group.objects.create(name="auditors")
    view_log = Permission.objects.get(codename="view_decision")
    group.permissions.add(view_log)
    registrar.user_permissions.add(view_log)
    tokens.issue(rep_a, name="ERP", scope="manufacturers", manufacturers=[maker_a])
    return application


@pytest.mark.postgres
def test_every_table_of_the_trail_carries_the_append_only_trigger():
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger "
                       "WHERE tgname LIKE '%%append_only' AND NOT tgisinternal")
        guarded = {row[0] for row in cursor.fetchall()}
    assert set(audit_tables()) - guarded == set()


@pytest.mark.postgres
@pytest.mark.parametrize("model", history_models(), ids=lambda m: m._meta.db_table)
def test_the_database_refuses_to_rewrite_or_delete_history(trail, model):
    table, pk = model._meta.db_table, model._meta.pk.column
    rows = model.objects.count()
    if not rows:
        pytest.fail(f"the fixture wrote no row to {table}")
    first = model.objects.order_by(pk).values_list(pk, flat=True).first()
    for sql in (f"UPDATE {table} SET {pk} = {pk} WHERE {pk} = %s",
                f"DELETE FROM {table} WHERE {pk} = %s"):
        with pytest.raises(DatabaseError, match=factories.REFUSED_REWRITE), \
                    transaction.atomic(), \
                connection.cursor() as cursor:
            cursor.execute(sql, [first])
    assert model.objects.count() == rows


def test_the_desk_offers_no_edit_or_delete_of_the_logs(client, superuser, trail):
    client.force_login(superuser)
    for model in (Decision, ChangeEvent):
        opts = model._meta
        row = model.objects.first()
        base = f"/admin/{opts.app_label}/{opts.model_name}/"
        page = client.get(f"{base}{row.pk}/change/")
        assert page.status_code == 200
        assert not page.context["has_change_permission"]
        assert b'name="_save"' not in page.content
        assert client.post(f"{base}{row.pk}/change/", {"comment": "x"}).status_code == 403
        assert client.post(f"{base}{row.pk}/delete/", {"post": "yes"}).status_code == 403
        assert client.post(base, {"action": "delete_selected", "_selected_action": [row.pk],
                                  "post": "yes"}).status_code in (200, 302)
        assert model.objects.filter(pk=row.pk).exists()


def test_a_past_version_cannot_be_written_back_over_the_live_row(client, superuser, trail):
    """simple-history's version page saves what it receives; the register refuses that."""
    application = Application.objects.get(pk=trail.pk)
    draft_version = application.history.order_by("history_id").first()
    client.force_login(superuser)
    url = f"/admin/registry/application/{application.pk}/history/{draft_version.history_id}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 403
    application.refresh_from_db()
    assert application.state == "approved"
    product = application.product
    first = product.history.order_by("history_id").first()
    url = f"/admin/products/product/{product.pk}/history/{first.history_id}/"
    assert client.post(url, {"name_ru": "Переписано"}).status_code == 403
    product.refresh_from_db()
    assert product.name_ru != "Переписано"


def test_people_named_in_the_trail_are_deactivated_never_deleted(client, superuser, trail,
                                                                registrar):
    client.force_login(superuser)
    url = f"/admin/registry/user/{registrar.pk}/delete/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    registrar.refresh_from_db()
    assert registrar.pk


def test_the_audit_tables_are_not_in_the_desk_for_editing():
    from django.contrib import admin

    assert not set(admin.site._registry) & set(history_models())
    for model in (Decision, ChangeEvent):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(None)
        assert not model_admin.has_change_permission(None)
        assert not model_admin.has_delete_permission(None)
