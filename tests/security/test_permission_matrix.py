"""Every URL pattern of the site, the portal, the desk and the API answers each kind of
visitor as tests/security/permission_matrix.py says; a pattern without an expected answer
fails the test by name."""

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from tests.security import world
from tests.security.permission_matrix import ACTORS, ADMIN_LOGIN, LOGIN, REDIRECT, matrix

pytestmark = pytest.mark.django_db


def _piece(pattern):
    text = str(pattern.pattern)
    return text.removeprefix("^").removesuffix("$")


def url_patterns(patterns=None, prefix=""):
    """Every pattern of the site, as the resolver spells it: prefixes joined."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, prefix + _piece(pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + _piece(pattern)


def answer(response):
    if response.status_code in (301, 302, 303, 307, 308):
        location = response["Location"]
        if location.startswith("/accounts/login/"):
            return LOGIN
        if location.startswith("/admin/login/"):
            return ADMIN_LOGIN
        return REDIRECT
    return response.status_code


@pytest.fixture
def placeholders(rep_a, rep_b, maker_a, maker_b, registrar, registrar_ru, superuser, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {}}
    settings.EXTRACT_RATE_LIMIT = 1000
    return world.build(rep_a, rep_b, maker_a, maker_b, registrar)


def test_every_url_pattern_has_an_expected_answer():
    table = matrix()
    missing = [pattern for pattern in url_patterns() if pattern not in table]
    assert missing == [], ("URL patterns without an expected answer in "
                           f"tests/security/permission_matrix.py: {missing}")
    stale = sorted(set(table) - set(url_patterns()))
    assert stale == [], f"answers for patterns the site no longer has: {stale}"


@pytest.mark.parametrize("actor", ACTORS)
def test_every_url_answers_each_actor_as_expected(client, placeholders, actor, request):
    user = None if actor == "anonymous" else request.getfixturevalue(actor)
    table = matrix()
    failures = []
    for pattern in url_patterns():
        for check in table.get(pattern, []):
            if user is not None:
                client.force_login(user)  # anew: a check may have signed them out
            url = check.url.format(**placeholders)
            got = request_once(client, check, url)
            if got != check.answers[actor]:
                failures.append(f"{check.method.upper()} {url} ({pattern}): {got}, "
                                f"expected {check.answers[actor]}")
    assert not failures, "\n".join(failures)


def request_once(client, check, url):
    """The answer to one request; whatever it changed is rolled back."""
    extra = {"content_type": check.content_type} if check.content_type else {}
    with transaction.atomic():
        response = getattr(client, check.method)(url, check.data, **extra)
        if response.streaming:  # read it (which closes it) while its queries may still run
            b"".join(response.streaming_content)
        transaction.set_rollback(True)
    return answer(response)
