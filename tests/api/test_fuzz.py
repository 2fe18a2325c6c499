"""The API fuzzed from its own schema: every GET operation, valid and invalid input; the
public ones as the anonymous public, those that need a token with a representative's.

The schema is loaded from /api/schema/ through the WSGI application (no network); each
operation gets a fixed budget of generated requests from a fixed seed, so a run is
repeatable. Every response must be no server error and match the schema: status code,
content type, headers and body; invalid input must be refused with a 4xx, and a method
the schema does not list with 405.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from config.wsgi import application
from tests.api.conftest import issue_token

SEED = 20260105
EXAMPLES_PER_OPERATION = 200
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance, negative_data_rejection,
          unsupported_method]

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]


CONFIG = SchemathesisConfig.from_dict({
    "seed": SEED,
    "generation": {"mode": "all", "max-examples": EXAMPLES_PER_OPERATION, "database": "none"},
    "phases": {"stateful": {"enabled": False}},
    # A body over the size limit is refused with 413 before it is parsed: a rejection too.
    "checks": {"negative_data_rejection": {"expected-statuses": [
        400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429]}},
})
# Loaded once, when the tests are collected; the schema endpoint reads no database (nor does
# the middleware in front of it with kept answers off, as in every test).
with override_settings(RESPONSE_CACHE_SECONDS=0):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application, config=CONFIG)


@pytest.fixture(autouse=True)
def _keep_the_test_transaction():
    """Requests go to the WSGI application itself, which closes the database connection
    after each request; like Django's test client, keep the test's connection open."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """The fuzzer sends thousands of requests from one address."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {}}


@schema.include(method="GET").parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_every_get_operation_survives_fuzzing(case, applied):
    case.call_and_validate(checks=CHECKS, headers=headers_for(case, applied.token))


def headers_for(case, token):
    """The token for operations that declare no anonymous access, none for the others."""
    security = case.operation.definition.raw.get("security", [])
    return {} if {} in security else {"Authorization": f"Token {token}"}


REGISTRAR_STEPS = ("/take/", "/approve/", "/reject/", "/request-changes/")


@schema.include(method=["POST", "PATCH", "DELETE"]).parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_every_write_operation_survives_fuzzing(case, applied, registrar_token):
    """The same seed gives the same requests in the same order, so the drafts they create
    and the refusals they meet are the same on every run."""
    registrars = case.operation.path.endswith(REGISTRAR_STEPS)
    token = registrar_token if registrars else applied.token
    case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Token {token}"})


@pytest.fixture
def registrar_token(registrar):
    return issue_token(registrar, registrar=True)
