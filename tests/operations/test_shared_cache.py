"""What a reverse proxy's shared cache may keep: anonymous GET answers that set no cookie,
for SHARED_CACHE_SECONDS; browsers revalidate them every time. Nothing else."""

import pytest

from tests.factories import make_product

pytestmark = pytest.mark.django_db

SHARED = "public, max-age=0, s-maxage=60"


def test_anonymous_pages_and_api_answers_may_be_shared_for_a_minute(client, settings):
    settings.SHARED_CACHE_SECONDS = 60
    product = make_product()
    for url in ["/", f"/products/{product.registry_number}/", "/api/v1/products/",
                f"/api/v1/products/{product.registry_number}/", "/search/?q=1986"]:
        response = client.get(url)
        assert response.status_code == 200 and response["Cache-Control"] == SHARED, url
        assert not response.cookies, url


def test_what_is_personal_failed_or_sets_a_cookie_is_never_shared(client, rep_a, settings):
    settings.SHARED_CACHE_SECONDS = 60
    login = client.get("/accounts/login/")  # carries a CSRF token: sets its cookie
    assert login.cookies and "s-maxage" not in login.get("Cache-Control", "")
    missing = client.get("/products/UR-1999-999999/")
    assert missing.status_code == 404 and "s-maxage" not in missing.get("Cache-Control", "")
    refused = client.get("/api/v1/products/?page_size=nonsense")
    assert refused.status_code == 400 and "s-maxage" not in refused.get("Cache-Control", "")
    assert "no-cache" in client.get("/healthz").get("Cache-Control", "")
    client.force_login(rep_a)
    assert client.get("/")["Cache-Control"] == "private, no-store"


def test_zero_seconds_shares_nothing(client, settings):
    settings.SHARED_CACHE_SECONDS = 0
    assert "Cache-Control" not in client.get("/")
