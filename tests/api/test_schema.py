"""The OpenAPI schema describes the API exactly, and its docs page needs no CDN."""

import re

import pytest
from django.core.management import call_command
from drf_spectacular.validation import validate_schema

from registry.api.serializers.manufacturers import ManufacturerSerializer
from registry.api.serializers.products import ProductSerializer

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/schema/", {"format": "json"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)


def test_every_read_endpoint_is_described(schema):
    assert set(schema["paths"]) >= {
        "/api/v1/", "/api/v1/products/", "/api/v1/products/{registry_number}/",
        "/api/v1/manufacturers/", "/api/v1/manufacturers/{slug}/", "/api/v1/categories/",
        "/api/v1/categories/{slug}/", "/api/v1/substitutes/", "/api/v1/export.jsonl",
        "/api/v1/export.csv", "/api/v1/changes/", "/api/v1/products/{registry_number}/history/",
        "/api/v1/applications/", "/api/v1/applications/{id}/",
        "/api/v1/applications/{id}/documents/",
        "/api/v1/applications/{id}/documents/{document_pk}/",
        *(f"/api/v1/applications/{{id}}/{step}/" for step in (
            "submit", "resubmit", "withdraw", "take", "request-changes", "approve", "reject")),
        "/api/v1/webhooks/", "/api/v1/webhooks/{id}/", "/api/v1/webhooks/{id}/deliveries/",
    }


def test_every_operation_documents_its_errors_and_conditional_answers(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            expected = {"400", "401", "429"}
            if method == "get" and "/documents/" not in path:
                expected |= {"200", "304"}
            if method != "get":
                expected |= {"403", "413", "415"}
            assert expected <= set(responses), (method, path)
            error = responses["400"]["content"]["application/json"]["schema"]["$ref"]
            assert error == "#/components/schemas/Error"


def test_the_token_is_the_security_scheme_and_public_reads_need_none(schema):
    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    operations = {(method, path): operation for path, methods in schema["paths"].items()
                  for method, operation in methods.items()}
    assert {} in operations[("get", "/api/v1/changes/")]["security"]
    for (method, path), operation in operations.items():
        if path.startswith(("/api/v1/applications/", "/api/v1/webhooks/")):
            assert {} not in operation["security"], (method, path)


@pytest.mark.parametrize(("component", "url"), [
    ("Product", "/api/v1/products/{}/"),
    ("Manufacturer", "/api/v1/manufacturers/maker-a/"),
])
def test_a_full_representation_has_exactly_the_documented_properties(
        client, register, schema, component, url):
    body = client.get(url.format(register.mcu_entry.registry_number)).json()
    assert set(body) == set(schema["components"]["schemas"][component]["properties"])


def test_narrowable_representations_require_only_their_key(schema):
    components = schema["components"]["schemas"]
    assert components["Product"]["required"] == list(ProductSerializer.always)
    assert components["Manufacturer"]["required"] == list(ManufacturerSerializer.always)
    assert "registry_number" in components["ProductSummary"]["required"]


def test_the_exports_are_described_with_their_media_types(schema):
    assert set(schema["paths"]["/api/v1/export.csv"]["get"]["responses"]["200"][
        "content"]) == {"text/csv"}
    assert set(schema["paths"]["/api/v1/export.jsonl"]["get"]["responses"]["200"][
        "content"]) == {"application/jsonl"}


def test_the_docs_page_loads_its_assets_from_the_register(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    # Everything from the register: static files, and the page's own start-up script (the
    # split view serves it apart, so that the page needs no inline script).
    assert assets and all(asset.startswith(("/static/", "/api/docs/?")) for asset in assets)
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "cdn" not in page.lower() and '"validatorUrl": null' in script.content.decode()
    for asset in assets:
        assert client.get(asset).status_code == 200, asset


def test_the_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file",
                 str(tmp_path / "schema.yaml"))


def test_the_schema_names_the_steps_an_application_may_offer(schema):
    field = schema["components"]["schemas"]["Application"]["properties"]["available_steps"]
    assert field["type"] == "array" and field["readOnly"]
    steps = schema["components"]["schemas"][field["items"]["$ref"].rsplit("/", 1)[1]]
    assert sorted(steps["enum"]) == ["approve", "reject", "request_changes", "resubmit",
                                     "submit", "take", "withdraw"]
