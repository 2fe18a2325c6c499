"""A representative renews a lapsed registration from "My entries", in real Chromium, on the
demo register (where INTEGRAL's IN74HC27AN ended its term three weeks ago)."""

import re

import pytest
from django.utils import timezone

from products.models import Product
from registry import workflow
from registry.models import Application, User
from registry.term import add_years

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(tab, username, next_url):
    tab.goto(f"/accounts/login/?next={next_url}")
    tab.get_by_label("Имя пользователя").fill(username)
    tab.get_by_label("Пароль").fill("demo-Password-1")
    tab.get_by_role("button", name="Войти").click()
    tab.wait_for_url(re.compile(re.escape(next_url)))


def test_integral_renews_a_lapsed_entry_from_my_entries(page, shoot):
    lapsed = Product.objects.get(part_number="IN74HC27AN")
    end = lapsed.valid_until
    assert end < timezone.localdate()

    sign_in(page, "integral", "/portal/entries/")
    banner = page.locator(".term-banner")
    assert banner.get_by_text("IN74HC27AN").is_visible()
    assert banner.get_by_text("IN74HC196").is_visible()  # ends within 30 days
    shoot(page, "20-my-entries")

    page.get_by_label("Срок").select_option("expired")
    page.get_by_role("button", name="Показать").click()
    page.wait_for_url(re.compile(r"term=expired"))
    rows = page.locator("table.entries tbody tr")
    assert rows.count() == 1
    row = rows.first
    assert row.locator(".part").inner_text() == "IN74HC27AN"
    assert row.locator(".status").inner_text().lower() == "срок истёк"
    shoot(page, "21-my-entries-ended")

    row.get_by_role("link", name="Продлить").click()
    page.wait_for_url(re.compile(r"/portal/applications/new/\?kind=renew"))
    assert page.get_by_text("Запись сохраняет реестровый номер").is_visible()
    assert page.get_by_text(lapsed.registry_number).first.is_visible()
    shoot(page, "22-renewal-form")
    page.get_by_role("button", name="Сохранить черновик").click()
    page.wait_for_url(re.compile(r"/portal/applications/\d+/$"))
    page.locator("button[data-step=submit]").click()
    page.wait_for_load_state()
    application = Application.objects.get(kind="renew", product=lapsed)
    assert application.state == "submitted"
    assert application.due_on is not None
    shoot(page, "23-renewal-submitted")

    registrar = User.objects.get(username="registrar")
    workflow.take_for_review(application, registrar)
    workflow.approve(application, registrar)

    page.goto(f"/products/{lapsed.registry_number}/")
    assert page.locator(".status-box .status").inner_text().lower() == "зарегистрирована"
    lapsed.refresh_from_db()
    assert lapsed.valid_until == add_years(end, 5)
    shoot(page, "24-renewed-entry")
