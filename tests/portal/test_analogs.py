"""A representative's cross-reference table in the portal: upload, preview, submission as
amendments, review by a registrar; and who may do what."""

import re

import pytest
from django.core.cache import cache

from manufacturers.models import Membership
from products.models import ForeignAnalog
from registry.models import Application, ChangeEvent
from registry.workflow import NotAllowed
from registry.workflow.analogs import propose_analogs
from tests.crossref_tables import HEADER_RU, table_file
from tests.factories import make_product, make_user

pytestmark = pytest.mark.django_db
UPLOAD = "/portal/analogs/upload/"
QUEUE = "/admin/registry/application/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def shift(maker_a):
    return make_product("IN74HC164AN", manufacturer=maker_a,
                        analogs=[("SN74HC164N", "functional")])


@pytest.fixture
def mcu(maker_a):
    return make_product("К1986ВЕ92QI", manufacturer=maker_a)


def good_table():
    return table_file([HEADER_RU,
                       ["IN74HC164AN", "SN74HC164N", "полный", "DIP-14"],
                       ["IN74HC164AN", "74HC164D", "функциональный", "SOIC-14"],
                       ["k1986ve92qi", "STM32F103C8T6", "функциональный", "Cortex-M3"]],
                      encoding="cp1251")


def upload(client, maker, file):
    return client.post(UPLOAD, {"manufacturer": maker.pk, "file": file})


def preview_url(response):
    assert response.status_code == 302, response.content.decode()[:2000]
    assert re.fullmatch(r"/portal/analogs/[\w-]+/", response.url)
    return response.url


def test_upload_preview_submit_approve_and_the_analogs_are_public(
        client, rep_a, maker_a, registrar, shift, mcu):
    client.force_login(rep_a)
    url = preview_url(upload(client, maker_a, good_table()))
    page = client.get(url)
    entries = {e["product"]: e for e in page.context["entries"]}
    assert [a["part_number"] for a in entries[shift]["added"]] == ["74HC164D"]
    assert [(b["compatibility"], a["compatibility"]) for b, a in entries[shift]["changed"]] \
        == [("functional", "pin_to_pin")]
    assert [a["part_number"] for a in entries[mcu]["added"]] == ["STM32F103C8T6"]
    assert ForeignAnalog.objects.count() == 1  # a preview changes nothing

    response = client.post(url, {"note": "Каталог 2026"})
    assert response.status_code == 302 and response.url == "/portal/"
    applications = Application.objects.order_by("pk")
    assert [(a.kind, a.state, a.product, a.note) for a in applications] == [
        ("amend", "submitted", shift, "Каталог 2026"), ("amend", "submitted", mcu,
                                                         "Каталог 2026")]
    home = client.get("/portal/").content.decode()
    assert all(a.reference in home for a in applications)
    assert client.get(url).status_code == 404  # the staged table is gone once submitted

    desk = client.__class__()
    desk.force_login(registrar)
    for application in applications:
        assert desk.post(f"{QUEUE}{application.pk}/take/").status_code == 302
        assert desk.post(f"{QUEUE}{application.pk}/approve/", {}).status_code == 302
    assert set(Application.objects.values_list("state", flat=True)) == {"approved"}

    entry_page = client.get(shift.get_absolute_url()).content.decode()
    assert "74HC164D" in entry_page and "SOIC-14" in entry_page
    api = client.get(f"/api/v1/products/{shift.registry_number}/").json()
    assert sorted((a["part_number"], a["compatibility"], a["note"]) for a in api["analogs"]) \
        == [("74HC164D", "functional", "SOIC-14"), ("SN74HC164N", "pin_to_pin", "DIP-14")]
    api = client.get(f"/api/v1/products/{mcu.registry_number}/").json()
    assert [a["part_number"] for a in api["analogs"]] == ["STM32F103C8T6"]
    assert ChangeEvent.objects.filter(kind="entry.amended", product=shift).exists()


def test_a_table_with_bad_rows_names_them_and_changes_nothing_until_asked(
        client, rep_a, maker_a, shift, mcu):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the messages are read in English
    client.force_login(rep_a)
    url = preview_url(upload(client, maker_a, table_file([
        HEADER_RU, ["IN74HC164AN", "74HC164D", "pin-to-pin", ""],
        ["К1533ЛА3", "SN74ALS00N", "", ""], ["К1986ВЕ92QI", "STM32F103C8T6", "похожий", ""]])))
    page = client.get(url)
    html = page.content.decode()
    assert "К1533ЛА3 is not an entry of" in html and "“похожий” is not a compatibility" in html
    assert [p.line for p in page.context["checked"].problems] == [3, 4]

    refused = client.post(url, {"note": ""})
    assert refused.status_code == 200
    assert "2 rows of the table are refused" in " ".join(
        str(m) for m in refused.context["messages"])
    assert not Application.objects.exists()

    response = client.post(url, {"valid_only": "on"})
    assert response.status_code == 302
    assert [(a.product, [x["part_number"] for x in a.proposal["analogs"]])
            for a in Application.objects.all()] == [(shift, ["74HC164D", "SN74HC164N"])]


def test_an_unreadable_file_is_refused_on_the_upload_page(client, rep_a, maker_a):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the messages are read in English
    client.force_login(rep_a)
    response = upload(client, maker_a, table_file([["Part", "Qty"], ["X", "1"]]))
    assert response.status_code == 200
    assert "No header row names the columns" in response.content.decode()


def test_an_entry_with_an_application_in_progress_is_named_and_left_out(
        client, rep_a, maker_a, shift, mcu):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the messages are read in English
    client.force_login(rep_a)
    url = preview_url(upload(client, maker_a, good_table()))
    assert client.post(url, {}).status_code == 302
    url = preview_url(upload(client, maker_a, good_table()))
    problems = client.get(url).context["checked"].problems
    assert [p.line for p in problems] == [2, 3, 4]
    assert "already has application No." in problems[0].message
    assert client.post(url, {"valid_only": "on"}).status_code == 200
    assert Application.objects.count() == 2


# --- Who may ------------------------------------------------------------------------------------

@pytest.fixture
def staged_by_a(client, rep_a, maker_a, shift, mcu):
    client.force_login(rep_a)
    url = preview_url(upload(client, maker_a, good_table()))
    client.logout()
    return url


def test_anonymous_is_sent_to_sign_in(client, staged_by_a):
    for url in (UPLOAD, staged_by_a):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url
    assert client.post(staged_by_a, {}).status_code == 302
    assert not Application.objects.exists()


def test_a_representative_of_b_cannot_touch_the_entries_of_a(client, rep_b, maker_a, maker_b,
                                                             staged_by_a):
    client.force_login(rep_b)
    assert client.get(staged_by_a).status_code == 404
    assert client.post(staged_by_a, {"valid_only": "on"}).status_code == 404
    response = upload(client, maker_a, good_table())
    assert response.status_code == 200 and "manufacturer" in response.context["form"].errors
    # B's own upload naming A's entries: every row refused, nothing to submit.
    url = preview_url(upload(client, maker_b, good_table()))
    checked = client.get(url).context["checked"]
    assert len(checked.problems) == 3 and not checked.rows_by_entry
    assert client.post(url, {"valid_only": "on"}).status_code == 200
    with pytest.raises(NotAllowed):
        propose_analogs(rep_b, maker_a, [])
    assert not Application.objects.exists()


def test_a_viewer_reads_but_cannot_submit(client, maker_a, staged_by_a):
    viewer = make_user("viewer_a", represents=maker_a, role=Membership.Role.VIEWER)
    client.force_login(viewer)
    page = client.get(UPLOAD)
    assert page.status_code == 200 and not page.context["can_apply"]
    assert upload(client, maker_a, good_table()).status_code == 200
    assert client.get(staged_by_a).status_code == 404
    with pytest.raises(NotAllowed):
        propose_analogs(viewer, maker_a, [])
    assert not Application.objects.exists()


@pytest.mark.parametrize("who", ["registrar", "superuser"])
def test_registrars_have_no_door_in_the_portal_to_a_makers_table(client, staged_by_a, who,
                                                                 request):
    client.force_login(request.getfixturevalue(who))
    assert not client.get(UPLOAD).context["can_apply"]
    assert client.get(staged_by_a).status_code == 404
    assert not Application.objects.exists()


def test_the_preview_runs_a_fixed_number_of_queries(client, rep_a, maker_a,
                                                    django_assert_max_num_queries):
    client.force_login(rep_a)

    def table(n):
        products = [make_product(f"IN74HC{n}{i:03d}", manufacturer=maker_a) for i in range(n)]
        return table_file([HEADER_RU, *([p.part_number, f"SN74HC{n}{i:03d}N", "", ""]
                                        for i, p in enumerate(products))])

    small = preview_url(upload(client, maker_a, table(2)))
    with django_assert_max_num_queries(20) as few:
        assert len(client.get(small).context["entries"]) == 2
    count = len(few.captured_queries)
    large = preview_url(upload(client, maker_a, table(30)))
    with django_assert_max_num_queries(count):
        assert len(client.get(large).context["entries"]) == 30
