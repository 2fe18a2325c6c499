"""Real Chromium through Playwright: Debian's /usr/bin/chromium, never a downloaded build.

Without Chromium or Playwright the browser tests are skipped with the reason, unless
REQUIRE_BROWSER=1 (CI sets it): then they fail, so a green run always drove a browser.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "test-artifacts" / "screenshots"


def _missing():
    if not os.access(CHROMIUM, os.X_OK):
        return f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -r requirements.txt)"
    return None


# One browser per module: Playwright runs an event loop in the thread while it is open,
# which would stop the async-to-sync calls of other tests (the health checks) that follow.
@pytest.fixture(scope="module")
def browser():
    reason = _missing()
    if reason:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test's own ORM calls
    # (fixtures) are ordinary synchronous code all the same.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def demo_register(transactional_db, monkeypatch):
    from registry.demo import loader

    monkeypatch.setenv("DEMO_PASSWORD", "demo-Password-1")
    cache.clear()
    loader.load()
    yield
    cache.clear()


@pytest.fixture
def page(browser, live_server, demo_register, tmp_path):
    """A Russian-speaking reader's tab on the live server, downloads allowed."""
    context = browser.new_context(locale="ru-RU", accept_downloads=True,
                                  base_url=live_server.url,
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def shoot():
    """Save a full-page screenshot as a test artifact."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(tab, name):
        tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    return save
