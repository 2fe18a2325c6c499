"""The registrar's desk and the portal's form in real Chromium: the dashboard with its counts,
charts and links, the queue at 1366 px, and the application form on a 390 px phone (no
horizontal scroll, "Add a row" with and without the script)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from manufacturers.models import Manufacturer
from products.models import Category

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(browser, live_server, username, **context):
    """A tab signed in as a demo user (the session of Django's test client, handed over)."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    tab_context = browser.new_context(locale="ru-RU", base_url=live_server.url, **context)
    tab_context.set_default_timeout(15_000)
    tab_context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                              "url": live_server.url}])
    return tab_context, tab_context.new_page()


def horizontal_overflow(tab):
    return tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_the_dashboard_shows_the_queues_and_the_charts(browser, live_server, demo_register,
                                                       shoot):
    context, tab = signed_in(browser, live_server, "registrar",
                             viewport={"width": 1366, "height": 900})
    tab.goto("/admin/")
    dashboard = tab.locator(".desk-dashboard")
    assert dashboard.is_visible()
    assert "Министерство промышленности Республики Беларусь" in dashboard.inner_text()
    labels = dashboard.locator(".desk-label").all_inner_texts()
    assert labels == ["Моя очередь", "Не взяты на рассмотрение", "Просрочены",
                      "Ждут изготовителя", "Истекают в ближайшие 90 дней"]
    assert dashboard.locator("svg.desk-chart").count() == 3
    assert dashboard.locator("svg.desk-chart rect").count() > 0  # the demo's decisions
    # The applications' group comes first.
    assert tab.locator("#content-main .module").first.get_attribute("class").startswith(
        "app-registry")
    shoot(tab, "desk-01-dashboard")
    # A count leads to the same rows in the queue.
    mine = dashboard.locator(".desk-counts a").first
    expected = int(mine.locator(".desk-count").inner_text())
    mine.click()
    tab.wait_for_url("**/admin/registry/application/?queue=mine")
    assert tab.locator("#result_list tbody tr").count() == expected
    tab.goto("/admin/registry/application/?queue=all")
    assert horizontal_overflow(tab) <= 0, "the queue is wider than 1366 px"
    # Every column shows, none is behind the list's own scroll bar.
    hidden = tab.evaluate("(() => { const t = document.querySelector('#result_list');"
                          " return t.scrollWidth - t.closest('.results').clientWidth; })()")
    assert hidden <= 0, f"{hidden} px of the queue's columns are cut off at 1366 px"
    shoot(tab, "desk-02-queue-1366")
    context.close()


@pytest.mark.parametrize("script", [True, False], ids=["with-script", "without-script"])
def test_the_application_form_fits_a_phone_and_grows_rows(browser, live_server, demo_register,
                                                         shoot, script):
    from playwright.sync_api import expect  # (conftest skips the module without Playwright)

    context, tab = signed_in(browser, live_server, "integral", java_script_enabled=script,
                             viewport={"width": 390, "height": 844}, is_mobile=True,
                             has_touch=True)
    maker = Manufacturer.objects.get(slug="integral")
    category = Category.objects.filter(products__manufacturer=maker).first()
    tab.goto(f"/portal/applications/new/?kind=include&manufacturer={maker.pk}"
             f"&category={category.slug}")
    assert horizontal_overflow(tab) <= 0, "the form is wider than the phone"
    shoot(tab, f"portal-01-form-390-{'js' if script else 'nojs'}")
    tab.locator("input[name='entry-part_number']").fill("К1986ВЕ1Т")
    tab.locator("input[name='alias-0-part_number']").fill("1986BE1T")
    rows = tab.locator("fieldset[data-rows=alias] table.rows tbody tr").count()
    tab.locator("button[name=add_row][value=alias]").click()
    # In place with the script, after a round trip without it: expect waits for either.
    expect(tab.locator("fieldset[data-rows=alias] table.rows tbody tr")).to_have_count(rows + 1)
    # What was typed stays, with the script or after the round trip without it.
    assert tab.locator("input[name='entry-part_number']").input_value() == "К1986ВЕ1Т"
    assert tab.locator("input[name='alias-0-part_number']").input_value() == "1986BE1T"
    assert tab.locator(f"input[name='alias-{rows}-part_number']").is_visible()
    assert horizontal_overflow(tab) <= 0
    shoot(tab, f"portal-02-row-added-{'js' if script else 'nojs'}")
    context.close()
