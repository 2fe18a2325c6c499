"""The pages of the register, the portal, the registrar's desk and the API docs work under
the Content-Security-Policy without 'unsafe-inline': Chromium reports no violation."""

import re

import pytest

from products.models import Product
from registry.models import Application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Collects violations the page reports to itself (the console may word them differently).
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(
    `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""
PASSWORD = "demo-Password-1"


@pytest.fixture
def watched(browser, live_server, demo_register):
    """Opens a tab (signed in as `username`, if any) that records every CSP report."""
    contexts = []

    def open_tab(username=None):
        context = browser.new_context(locale="ru-RU", base_url=live_server.url)
        context.set_default_timeout(15_000)
        context.add_init_script(WATCH_VIOLATIONS)
        tab = context.new_page()
        tab.console_reports = []
        tab.on("console", lambda message: tab.console_reports.append(message.text))
        contexts.append(context)
        if username:
            tab.goto("/accounts/login/")
            tab.fill("#id_username", username)
            tab.fill("#id_password", PASSWORD)
            tab.click("button[type=submit].primary")
            tab.wait_for_load_state()
        return tab

    yield open_tab
    for context in contexts:
        context.close()


def violations(tab):
    reported = tab.evaluate("window.__violations")
    console = [text for text in tab.console_reports if "Content Security Policy" in text]
    return reported + console


def visit_all(tab, paths, ready=None):
    found = {}
    for path in paths:
        response = tab.goto(path)
        assert response.status < 400, f"{path}: {response.status}"
        assert "unsafe-inline" not in (response.headers.get("content-security-policy") or "")
        if ready and path in ready:
            tab.wait_for_selector(ready[path])
        tab.wait_for_load_state("networkidle")
        if violations(tab):
            found[path] = violations(tab)
        tab.console_reports.clear()
    return found


def test_public_pages_and_the_api_docs(watched):
    entry = Product.objects.order_by("pk").first()
    tab = watched()
    paths = ["/", "/search/?q=74HC", entry.get_absolute_url(),
             entry.manufacturer.get_absolute_url(), "/substitutes/?part=SN74HC164N",
             "/substitutes/bom/", "/verify/", "/accounts/login/", "/accounts/signup/",
             "/accounts/password_reset/", "/api/docs/"]
    assert visit_all(tab, paths, ready={"/api/docs/": ".swagger-ui .info"}) == {}
    # The docs page is a working Swagger UI: the operations are listed.
    tab.goto("/api/docs/")
    tab.wait_for_selector(".opblock")
    assert tab.locator(".opblock").count() > 3


def test_portal_pages_of_a_representative(watched):
    application = Application.objects.filter(manufacturer__slug="integral").order_by("pk")
    tab = watched("integral")
    category = "microcontrollers"
    paths = ["/portal/", "/portal/applications/new/",
             f"/portal/applications/new/?kind=include&manufacturer="
             f"{application.first().manufacturer_id}&category={category}",
             *[f"/portal/applications/{a.pk}/" for a in application[:4]],
             "/portal/admission/", "/accounts/profile/", "/accounts/two-factor/setup/"]
    assert visit_all(tab, paths) == {}


def test_registrars_desk(watched):
    application = Application.objects.exclude(submitted_at=None).order_by("pk").first()
    entry = Product.objects.order_by("pk").first()
    tab = watched("admin")
    paths = ["/admin/", "/admin/products/product/", f"/admin/products/product/{entry.pk}/change/",
             f"/admin/products/product/{entry.pk}/history/", "/admin/products/product/add/",
             f"/admin/products/product/{entry.pk}/suspend/",
             f"/admin/registry/application/{application.pk}/change/",
             "/admin/registry/application/", "/admin/registry/decision/",
             "/admin/manufacturers/manufacturer/", "/admin/registry/user/1/change/",
             "/admin/auth/group/add/", "/admin/products/category/add/"]
    found = visit_all(tab, paths)
    assert found == {}
    # The widgets that run scripts still work: the calendar opens, the autocomplete answers.
    tab.goto("/admin/products/product/add/")
    tab.locator("#calendarlink0").click()
    assert tab.locator("#calendarbox0").is_visible()
    tab.locator(".select2-selection").first.click()
    tab.wait_for_selector(".select2-results__option", state="attached")
    assert re.search(r"\w", tab.locator(".select2-results__option").first.inner_text())
    assert violations(tab) == []
