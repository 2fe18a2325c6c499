"""GET /api/v1/products/ and /api/v1/products/<registry_number>/."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import QueryDict
from django.utils import timezone

from products.filters import ProductFilterSet
from registry.api import public
from registry.api.filtering import restrict_choices
from tests.api.conftest import numbers, results
from tests.factories import make_user

pytestmark = pytest.mark.django_db

LIST = "/api/v1/products/"


def detail(entry):
    return f"{LIST}{entry.registry_number}/"


def parts(client, **params):
    return sorted(row["part_number"] for row in results(client.get(LIST, params)))


def test_an_entry_carries_what_the_contract_promises(client, register):
    entry = client.get(detail(register.mcu_entry), HTTP_ACCEPT_LANGUAGE="en").json()
    assert entry["registry_number"] == register.mcu_entry.registry_number
    assert entry["part_number"] == "К1986ВЕ92QI"
    assert entry["aliases"] == ["MDR32F9Q2I"]
    assert entry["manufacturer"]["slug"] == "maker-b"
    assert entry["manufacturer"]["country"] == "RU"
    assert entry["manufacturer"]["name"] == register.mcu_entry.manufacturer.name_en
    assert entry["category"] == {
        "slug": "mcu", "code": "", "name": register.mcu.name_en, "name_ru": register.mcu.name_ru,
        "name_en": register.mcu.name_en, "path": "/ics/mcu/",
        "api_url": "http://testserver/api/v1/categories/mcu/",
    }
    assert (entry["status"], entry["registered_at"], entry["valid_until"]) == (
        "registered", "2026-01-01", None)
    assert (entry["tnved_code"], entry["okpd2_code"], entry["package"]) == (
        "8542319000", "26.11.30", "LQFP64")
    assert entry["decision"] == {"number": "17-р", "date": "2026-01-01"}
    assert entry["origin_document"] == {"kind": "certificate", "number": "ST-1 12345",
                                        "date": "2025-12-20", "valid_until": None}
    assert entry["parameters"] == [{"key": "vcc", "name": "vcc", "name_ru": "vcc",
                                    "name_en": "vcc", "unit": "V", "kind": "number",
                                    "value": "3.3", "value_numeric": "3.300000", "terms": None}]
    assert entry["analogs"] == [{"part_number": "STM32F103C8T6", "manufacturer": "",
                                 "compatibility": "functional", "note": ""}]
    assert entry["production_chain"][0]["stage"] == "design"
    assert entry["url"] == f"http://testserver/products/{register.mcu_entry.registry_number}/"
    assert entry["api_url"] == f"http://testserver{detail(register.mcu_entry)}"


def test_documents_link_to_their_download_with_checksum_and_size(client, register):
    document = client.get(detail(register.mcu_entry)).json()["documents"][0]
    stored = register.mcu_entry.documents.get()
    assert (document["sha256"], document["size"]) == (stored.sha256, stored.size)
    assert document["kind"] == "datasheet" and document["content_type"] == "application/pdf"
    download = client.get(document["url"])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")


def test_suspension_and_exclusion_are_shown_with_dates_and_reasons(client, register):
    suspended = client.get(detail(register.suspended)).json()
    assert (suspended["status"], suspended["suspended_at"], suspended["suspension_reason"]) == (
        "suspended", "2026-03-01", "Audit")
    excluded = client.get(detail(register.excluded)).json()
    assert (excluded["status"], excluded["excluded_at"], excluded["exclusion_reason"]) == (
        "excluded", "2026-04-01", "production_ended")
    assert excluded["decision"] is None and excluded["origin_document"] is None
    assert client.get(detail(register.logic_entry)).json()["exclusion_reason"] is None


def test_list_rows_are_the_detail_representation(client, register):
    rows = {row["registry_number"]: row for row in results(client.get(LIST))}
    assert rows[register.mcu_entry.registry_number] == client.get(
        detail(register.mcu_entry)).json()


def test_the_list_is_public_entries_in_registry_number_order(client, register):
    body = client.get(LIST).json()
    assert set(body) == {"next", "previous", "results"}
    assert numbers(client.get(LIST)) == sorted(e.registry_number for e in register.public)


def test_unknown_entries_are_404(client, register):
    response = client.get(f"{LIST}UR-2000-000001/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_entries_of_pending_manufacturers_stay_hidden_from_the_public(client, register):
    assert register.hidden.registry_number not in numbers(client.get(LIST))
    assert register.hidden.registry_number not in numbers(client.get(LIST, {"q": "HIDDEN"}))
    assert client.get(detail(register.hidden)).status_code == 404


def test_a_manufacturer_admitted_after_a_public_list_shows_in_the_next(client, register):
    """The public's queryset is built once per process and read afresh by every request."""
    assert register.hidden.registry_number not in numbers(client.get(LIST))
    register.pending.status = "admitted"
    register.pending.save()
    assert register.hidden.registry_number in numbers(client.get(LIST))
    assert client.get(detail(register.hidden)).status_code == 200


def test_a_representative_sees_their_own_pending_manufacturers_entries(client, register):
    client.force_login(make_user("pending_rep", represents=register.pending))
    assert register.hidden.registry_number in numbers(client.get(LIST))
    assert client.get(detail(register.hidden)).status_code == 200


def test_q_finds_part_numbers_in_any_spelling_and_names(client, register):
    assert parts(client, q="k1986ve92qi") == ["К1986ВЕ92QI"]
    assert parts(client, q="КР1564ИР8") == ["IN74HC164AN"]
    assert parts(client, q="shift register") == ["IN74HC164AN"]


def test_part_number_in_latin_finds_the_cyrillic_designation(client, register):
    assert parts(client, part_number="K1986BE92QI") == ["К1986ВЕ92QI"]
    assert parts(client, part_number="1892vm14ja") == ["1892ВМ14Я"]
    assert parts(client, part_number="MDR32F9Q2I") == ["К1986ВЕ92QI"]


def test_a_search_lists_the_best_part_number_match_first(client, register):
    rows = results(client.get(LIST, {"part_number": "IN74HC164AN"}))
    assert rows[0]["part_number"] == "IN74HC164AN"


def test_manufacturer_takes_several_slugs(client, register):
    assert parts(client, manufacturer="maker-a") == ["IN74HC164AN", "IN74HC174AN"]
    assert len(parts(client, manufacturer=["maker-a", "maker-b"])) == 4


def test_category_includes_its_descendants(client, register):
    assert len(parts(client, category="ics")) == 4
    assert parts(client, category="mcu") == ["1892ВМ14Я", "К1986ВЕ92QI"]
    assert parts(client, category="diodes") == []


def test_country_and_status(client, register):
    assert parts(client, country="BY") == ["IN74HC164AN", "IN74HC174AN"]
    assert parts(client, status="excluded") == ["1892ВМ14Я"]
    assert parts(client, status=["suspended", "excluded"], country="RU") == ["1892ВМ14Я"]


def test_updated_since(client, register):
    moment = timezone.now()
    register.suspended.save()
    assert parts(client, updated_since=moment.isoformat()) == ["IN74HC174AN"]
    later = moment + datetime.timedelta(hours=1)
    assert parts(client, updated_since=later.isoformat()) == []


@pytest.mark.parametrize("field", ["registry_number", "part_number", "registered_at",
                                   "updated_at"])
def test_ordering(client, register, field):
    def key(entry):
        return (getattr(entry, field), entry.pk)

    for prefix, reverse in (("", False), ("-", True)):
        expected = [e.registry_number for e in sorted(register.public, key=key,
                                                       reverse=reverse)]
        assert numbers(client.get(LIST, {"ordering": prefix + field})) == expected


def test_brief_form(client, register):
    row = results(client.get(LIST, {"brief": "true"}))[0]
    assert set(row) == {"registry_number", "part_number", "name_ru", "name_en", "status",
                        "url", "api_url"}
    assert set(client.get(detail(register.mcu_entry), {"brief": "1"}).json()) == set(row)


def test_fields_choose_the_representation_and_keep_the_key(client, register):
    row = results(client.get(LIST, {"fields": "part_number,status"}))[0]
    assert set(row) == {"registry_number", "part_number", "status"}
    entry = client.get(detail(register.mcu_entry), {"fields": "documents"}).json()
    assert set(entry) == {"registry_number", "documents"}


def test_a_filter_cannot_tell_a_hidden_manufacturer_exists(client, register):
    for slug in ("pending-maker", "no-such-maker"):
        response = client.get(LIST, {"manufacturer": slug})
        assert response.status_code == 400
        assert response.json()["fields"]["manufacturer"][0]["code"] == "invalid_choice"
    client.force_login(make_user("pending_rep", represents=register.pending))
    assert parts(client, manufacturer="pending-maker") == ["HIDDEN164"]


def test_choices_narrowed_for_one_user_stay_with_their_filters(register):
    """Each FilterSet copies the declared filters: narrowing the public's choices leaves a
    representative's FilterSet, built before it, as it was."""
    data = QueryDict("manufacturer=pending-maker&status=registered")
    filtersets = []
    for user in (make_user("pending_rep", represents=register.pending), AnonymousUser()):
        filterset = ProductFilterSet(data, queryset=public.products(user))
        restrict_choices(filterset, user)
        filtersets.append(filterset)
    theirs, the_publics = filtersets
    assert not the_publics.is_valid()
    assert theirs.is_valid()
    assert [entry.part_number for entry in theirs.qs] == ["HIDDEN164"]
