"""Every change is recorded with who made it; commands are attributed with acting_as."""

import pytest

from registry.audit import acting_as
from tests.factories import make_product

pytestmark = pytest.mark.django_db


def test_a_change_made_by_a_command_is_attributed_with_the_reason(registrar):
    product = make_product(name_ru="Было")
    with acting_as(registrar, reason="correction of a typo"):
        product.name_ru = "Стало"
        product.save()
    record = product.history.first()
    assert record.history_user == registrar
    assert record.history_change_reason == "correction of a typo"
    delta = record.diff_against(record.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("name_ru", "Было", "Стало")]


def test_changes_through_the_admin_record_the_signed_in_registrar(client, registrar, maker_a):
    product = make_product(manufacturer=maker_a)
    client.force_login(registrar)
    url = f"/admin/products/product/{product.pk}/change/"
    page = client.get(url)
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"name_en": "Renamed by the registrar", "correction_reason": "typo in the name"})
    for prefix in ("aliases", "parameters", "analogs", "production_stages", "documents"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    record = product.history.first()
    assert record.name_en == "Renamed by the registrar"
    assert record.history_user == registrar
    assert record.history_change_reason == "typo in the name"
