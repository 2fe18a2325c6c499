"""Request rates: per address for the public, per user when signed in, lower for exports."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

pytestmark = pytest.mark.django_db

LIST = "/api/v1/products/"


@pytest.fixture
def rates(settings):
    def set_rates(**rates):
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                                   "DEFAULT_THROTTLE_RATES": rates}
    return set_rates


def test_the_public_is_throttled_per_address(client, register, rates):
    rates(anon="3/min")
    assert [client.get(LIST).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(LIST)
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert int(response["Retry-After"]) > 0
    other = client.get(LIST, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200


def test_the_public_is_held_to_the_anonymous_rate_alone(client, register, rates):
    """The signed-in users' rate is theirs: a lower one does not cut the public short."""
    rates(anon="4/min", user="2/min")
    assert [client.get(LIST).status_code for _ in range(5)] == [200, 200, 200, 200, 429]


def test_a_forwarded_for_header_does_not_escape_the_limit(client, register, rates):
    rates(anon="1/min")
    client.get(LIST)
    assert client.get(LIST, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429


def test_signed_in_users_have_their_own_rate(client, register, rates, rep_a):
    rates(anon="1/min", user="2/min")
    client.force_login(rep_a)
    assert [client.get(LIST).status_code for _ in range(3)] == [200, 200, 429]


def test_exports_have_their_own_lower_rate(client, register, rates):
    rates(anon="100/min", export="1/min")
    assert client.get("/api/v1/export.csv").status_code == 200
    assert client.get("/api/v1/export.jsonl").status_code == 429
    assert client.get(LIST).status_code == 200


def test_rates_come_from_the_environment():
    code = ("import json; from config import settings as s; "
            "print(json.dumps(s.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']))")
    env = {**os.environ, "API_THROTTLE_ANON": "7/hour", "API_THROTTLE_EXPORT": "2/day"}
    output = subprocess.run([sys.executable, "-c", code], env=env, cwd=django_settings.BASE_DIR,
                            capture_output=True, text=True, check=True).stdout
    rates = json.loads(output)
    assert (rates["anon"], rates["export"]) == ("7/hour", "2/day")
