"""A registrar's direct load of a cross-reference table: on the desk and with
`manage.py load_analogs`; the reason and the actor are in the audit trail; a bad table changes
nothing; only registrars who do not represent the manufacturer may load."""

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from manufacturers.models import Membership
from products.models import ForeignAnalog
from registry.models import ChangeEvent, Decision
from tests.crossref_tables import HEADER_EN, csv_bytes, table_file
from tests.factories import make_product, make_user

pytestmark = pytest.mark.django_db
LOAD = "/admin/products/product/load-analogs/"
REASON = "Catalogue of INTEGRAL 2026, p. 14"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def shift(maker_a):
    return make_product("IN74HC164AN", manufacturer=maker_a,
                        analogs=[("SN74HC164N", "functional")])


@pytest.fixture
def timer(maker_a):
    return make_product("КР1006ВИ1", manufacturer=maker_a)


GOOD = [HEADER_EN, ["IN74HC164AN", "SN74HC164N", "pin-to-pin", "DIP-14"],
        ["KR1006VI1", "NE555P", "functional", ""]]
BAD = [HEADER_EN, ["IN74HC164AN", "74HC164D", "pin-to-pin", ""],
       ["К1533ЛА3", "SN74ALS00N", "", ""]]


def post(client, maker, rows, reason=REASON, **extra):
    return client.post(LOAD, {"manufacturer": maker.pk, "file": table_file(rows),
                              "reason": reason, **extra}, headers={"accept-language": "en"})


def assert_untouched(shift):
    assert [(a.part_number, a.compatibility) for a in shift.analogs.all()] == [
        ("SN74HC164N", "functional")]
    assert not ChangeEvent.objects.exists()
    assert not Decision.objects.filter(action="entry.corrected").exists()


def test_a_registrar_loads_a_table_and_the_reason_and_actor_are_recorded(
        client, registrar, maker_a, shift, timer):
    client.force_login(registrar)
    assert LOAD in client.get("/admin/products/product/").content.decode()
    assert client.get(LOAD).status_code == 200
    response = post(client, maker_a, GOOD)
    assert response.status_code == 302 and response.url == "/admin/products/product/"
    assert [(a.part_number, a.compatibility, a.note) for a in shift.analogs.all()] == [
        ("SN74HC164N", "pin_to_pin", "DIP-14")]
    assert [a.part_number for a in timer.analogs.all()] == ["NE555P"]

    events = ChangeEvent.objects.order_by("id")
    assert [(e.kind, e.product, e.actor, e.comment) for e in events] == [
        ("entry.corrected", shift, registrar, REASON),
        ("entry.corrected", timer, registrar, REASON)]
    assert "analogs" in events[0].changes
    decisions = Decision.objects.filter(action="entry.corrected").order_by("pk")
    assert [(d.product, d.actor, d.comment) for d in decisions] == [
        (shift, registrar, REASON), (timer, registrar, REASON)]
    record = ForeignAnalog.history.filter(part_number="NE555P").get()
    assert (record.history_user, record.history_change_reason) == (registrar, REASON)
    api = client.get(f"/api/v1/products/{timer.registry_number}/history/").json()
    assert REASON in str(api)


def test_a_bad_table_names_its_rows_and_changes_nothing(client, registrar, maker_a, shift):
    client.force_login(registrar)
    response = post(client, maker_a, BAD)
    assert response.status_code == 200
    assert [(p.line, "К1533ЛА3 is not an entry of" in p.message)
            for p in response.context["problems"]] == [(3, True)]
    assert "1 row of the table is refused" in response.content.decode()
    assert_untouched(shift)
    response = post(client, maker_a, GOOD, reason=" ")
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    assert_untouched(shift)
    assert post(client, maker_a, BAD, valid_only="on").status_code == 302
    assert sorted(a.part_number for a in shift.analogs.all()) == ["74HC164D", "SN74HC164N"]


def test_a_table_that_says_nothing_new_is_refused(client, registrar, maker_a, shift):
    client.force_login(registrar)
    response = post(client, maker_a, [HEADER_EN, ["IN74HC164AN", "SN74HC164N", "", ""]])
    assert "declares nothing the entries do not already say" in response.content.decode()
    assert_untouched(shift)


def test_who_reaches_the_direct_load(client, maker_a, shift, timer, rep_a, registrar,
                                    superuser):
    assert client.get(LOAD).status_code == 302  # anonymous: the desk's sign-in
    client.force_login(rep_a)
    assert client.get(LOAD).status_code == 302  # not staff
    client.force_login(make_user("clerk", is_staff=True))
    assert client.get(LOAD).status_code == 403  # staff, but no registrar
    assert post(client, maker_a, GOOD).status_code == 403
    assert_untouched(shift)

    # A registrar who represents the manufacturer decides nothing on its matters.
    Membership.objects.create(user=registrar, manufacturer=maker_a,
                              role=Membership.Role.VIEWER)
    client.force_login(registrar)
    response = post(client, maker_a, GOOD)
    assert response.status_code == 200
    assert "another registrar must decide" in response.content.decode()
    assert_untouched(shift)

    client.force_login(superuser)
    response = post(client, maker_a, GOOD)
    assert response.status_code == 302, response.context["form"].errors
    assert shift.analogs.get().compatibility == "pin_to_pin"


def test_the_command_loads_with_the_reason_and_refuses_what_the_desk_refuses(
        tmp_path, registrar, rep_a, maker_a, shift, timer, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(BAD, encoding="cp1251"))
    with pytest.raises(CommandError, match="1 row of the table is refused"):
        call_command("load_analogs", str(bad), manufacturer="maker-a", reason=REASON,
                     user=registrar.username)
    assert "line 3: К1533ЛА3 is not an entry of" in capsys.readouterr().err
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes(GOOD))
    with pytest.raises(CommandError, match="Only a registrar"):
        call_command("load_analogs", str(good), manufacturer="maker-a", reason=REASON,
                     user=rep_a.username)
    with pytest.raises(CommandError, match="No manufacturer"):
        call_command("load_analogs", str(good), manufacturer="nobody", reason=REASON,
                     user=registrar.username)
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_analogs", str(tmp_path / "missing.csv"), manufacturer="maker-a",
                     reason=REASON, user=registrar.username)
    assert_untouched(shift)

    call_command("load_analogs", str(good), manufacturer="maker-a", reason=REASON,
                 user=registrar.username)
    assert "2 entries corrected" in capsys.readouterr().out
    assert shift.analogs.get().compatibility == "pin_to_pin"
    assert list(ChangeEvent.objects.values_list("actor", "comment")) == [
        (registrar.pk, REASON), (registrar.pk, REASON)]
