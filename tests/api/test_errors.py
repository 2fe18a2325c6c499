"""Bad input answers 4xx with one JSON error shape, never 500."""

import django_filters
import pytest

from products.models import Product
from registry.api.errors import ErrorSerializer
from registry.api.views.base import filter_parameters

pytestmark = pytest.mark.django_db

LIST = "/api/v1/products/"
ERROR_KEYS = {"code", "detail", "fields"}


def assert_error(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert ERROR_KEYS <= set(body) <= set(ErrorSerializer().fields)
    assert body["code"] == code and body["detail"]
    return body


def test_unknown_parameters_are_refused_with_the_allowed_ones(client, register):
    body = assert_error(client.get(LIST, {"manufacturers": "maker-a"},
                                   HTTP_ACCEPT_LANGUAGE="en"), 400, "unknown_parameter")
    assert body["fields"] == {"manufacturers": [{"code": "unknown",
                                                 "message": "Unknown parameter."}]}
    assert {"manufacturer", "category", "q", "cursor", "page_size", "ordering",
            "fields", "brief"} <= set(body["allowed"])
    assert "manufacturer" in body["detail"]


@pytest.mark.parametrize(("params", "field", "code"), [
    ({"page_size": "abc"}, "page_size", "invalid"),
    ({"page_size": "1e3"}, "page_size", "invalid"),
    ({"page_size": "٣"}, "page_size", "invalid"),
    ({"page_size": "9" * 40}, "page_size", "max_value"),
    ({"page_size": "-1"}, "page_size", "min_value"),
    ({"q": "x\x00y"}, "q", "null_characters"),
    ({"manufacturer": "maker\x00a"}, "manufacturer", "null_characters"),
    ({"q": "x" * 201}, "q", "max_length"),
    ({"q": "x" * 5000}, "q", "max_length"),
    ({"q": ""}, "q", "blank"),
    ({"q": ["a", "b"]}, "q", "repeated"),
    ({"status": ["registered"] * 101}, "non_field_errors", "too_many_values"),
    ({"manufacturer": "no-such-maker"}, "manufacturer", "invalid_choice"),
    ({"category": "no-such-category"}, "category", "invalid_choice"),
    ({"country": "KZ"}, "country", "invalid_choice"),
    ({"status": "deleted"}, "status", "invalid_choice"),
    ({"updated_since": "yesterday"}, "updated_since", "invalid"),
    ({"updated_since": "0001-01-01T00:00:00+14:00"}, "updated_since", "out_of_range"),
    ({"ordering": "name_ru"}, "ordering", "invalid_choice"),
    ({"fields": "part_number,secret"}, "fields", "invalid_choice"),
    ({"fields": ","}, "fields", "invalid_choice"),
    ({"brief": "maybe"}, "brief", "invalid_choice"),
    ({"brief": "true", "fields": "status"}, "fields", "conflict"),
    ({"cursor": "garbage"}, "cursor", "invalid_cursor"),
])
def test_bad_values_are_400_with_a_message_per_field(client, register, params, field, code):
    body = assert_error(client.get(LIST, params), 400, "invalid")
    assert [problem["code"] for problem in body["fields"][field]] == [code]
    assert all(problem["message"] for problem in body["fields"][field])


def test_unusual_offsets_are_read_in_utc(client, register):
    assert client.get(LIST, {"updated_since": "2000-01-01T00:00:00+16:21"}).status_code == 200


def test_a_detail_takes_only_its_own_parameters(client, register):
    url = f"{LIST}{register.mcu_entry.registry_number}/"
    assert_error(client.get(url, {"status": "registered"}), 400, "unknown_parameter")


@pytest.mark.parametrize("path", [
    "/api/v1/products/not-a-registry-number/",
    "/api/v1/products/UR-2026-000001/nothing/",
    "/api/v1/nothing/",
    "/api/v2/products/",
])
def test_unknown_addresses_under_the_api_are_json_404(client, path):
    assert_error(client.get(path), 404, "not_found")


def test_writing_is_not_allowed(client, register):
    assert_error(client.post(LIST, {}), 405, "method_not_allowed")
    assert_error(client.put(f"{LIST}?bogus=1"), 405, "method_not_allowed")
    assert_error(client.delete(f"{LIST}{register.mcu_entry.registry_number}/"), 405,
                 "method_not_allowed")


def test_the_api_answers_json_whatever_is_accepted(client, register):
    response = client.get(LIST, HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert client.get(LIST, {"format": "api"}).status_code == 400


def test_messages_follow_the_language_asked(client, register):
    body = client.get(LIST, {"page_size": "0"}, HTTP_ACCEPT_LANGUAGE="ru").json()
    assert body["fields"]["page_size"][0]["message"] == "Значение должно быть не меньше 1."
    assert body["detail"].startswith("Запрос")


def test_too_many_query_fields_are_a_400_not_a_crash(client, register, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    query = "&".join(f"status=registered{n}" for n in range(20))
    assert_error(client.get(f"{LIST}?{query}"), 400, "bad_request")


def test_a_missing_part_is_a_clear_400(client, register):
    for params in ({}, {"part": ""}, {"part": "   "}, {"part": "--"}):
        body = assert_error(client.get("/api/v1/substitutes/", params), 400, "invalid")
        assert "part" in body["fields"]


def test_range_filters_are_known_by_their_suffixed_names():
    class Ranged(django_filters.FilterSet):
        registered = django_filters.DateFromToRangeFilter(field_name="registered_at")
        status = django_filters.MultipleChoiceFilter(choices=[("registered", "registered")])

        class Meta:
            model = Product
            fields = []

    assert filter_parameters(Ranged) == ({"registered_after", "registered_before", "status"},
                                         {"status"})


@pytest.mark.parametrize("host", ["nil", "evil.example.com"])
def test_a_host_the_register_does_not_serve_is_refused_in_json_under_the_api(client, host):
    response = client.get("/api/v1/products/", HTTP_HOST=host)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "bad_request" and response.json()["fields"] == {}
    page = client.get("/", HTTP_HOST=host)  # the site keeps Django's own page
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")
