"""A reader's paths through the public pages, in real Chromium, with the demo register."""

import csv
import io
import re

import openpyxl
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def result_parts(tab):
    return tab.locator(".results-table tbody td.part a").all_inner_texts()


def test_search_by_a_cyrillic_part_number_typed_in_latin_letters(page, shoot):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "ru"
    shoot(page, "01-home")
    page.get_by_label("Обозначение, наименование или реестровый номер").fill("k1986ve92qi")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=k1986ve92qi"))
    assert result_parts(page)[0] == "К1986ВЕ92QI"
    shoot(page, "02-search-results")


def test_narrow_by_a_facet_open_the_entry_and_switch_language(page, shoot):
    page.goto("/search/?q=микроконтроллер")
    before = len(result_parts(page))
    page.locator(".facets input[name=manufacturer][value=niiet]").check()  # applies at once
    page.wait_for_url(re.compile(r"manufacturer=niiet"))
    narrowed = result_parts(page)
    assert 0 < len(narrowed) < before
    assert set(page.locator(".results-table tbody td:nth-child(3) a").all_inner_texts()) == {
        "НИИЭТ"}
    assert page.locator(".chips").get_by_text("НИИЭТ").is_visible()
    shoot(page, "03-search-facet")

    page.locator(".facets .tree a", has_text="Микроконтроллеры").click()
    page.wait_for_url(re.compile(r"category=microcontrollers"))
    assert page.locator(".facets legend", has_text="Флеш-память").is_visible()
    page.get_by_role("link", name=narrowed[0]).first.click()
    page.wait_for_url(re.compile(r"/products/UR-\d{4}-\d{6}/"))
    assert page.locator("h1 .part").inner_text() == narrowed[0]
    assert page.get_by_text("Изделие внесено в реестр").is_visible()
    shoot(page, "04-entry-ru")

    page.locator(".lang-switch a[hreflang=en]").click()
    page.wait_for_url(re.compile(r"/products/UR-\d{4}-\d{6}/\?lang=en$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text("The product is in the register since").is_visible()
    assert page.locator("h2", has_text="Production chain").is_visible()
    shoot(page, "05-entry-en")

    page.locator(".lang-switch a[hreflang=be]").click()
    page.wait_for_url(re.compile(r"\?lang=be$"))
    assert page.locator("html").get_attribute("lang") == "be"
    assert page.get_by_text("Выраб унесены ў рэестр").is_visible()
    shoot(page, "06-entry-be")
    # The choice stays for the next page, whose address carries no ?lang=.
    page.locator(".site-footer").get_by_role("link", name="Прававая аснова рэестра").click()
    page.wait_for_url(re.compile(r"/about/legal/$"))
    assert page.locator("html").get_attribute("lang") == "be"
    assert page.locator("h1").inner_text() == "Прававая аснова рэестра"
    shoot(page, "07-legal-basis-be")


def test_find_a_substitute_for_a_foreign_part(page, shoot):
    page.goto("/substitutes/")
    page.get_by_label("Обозначение иностранного изделия или код заказа").fill("SN74HC164N")
    page.get_by_role("button", name="Подобрать замены").click()
    page.wait_for_url(re.compile(r"part=SN74HC164N"))
    assert "IN74HC164AN" in page.locator(".candidates .candidate h3 a.part").all_inner_texts()
    assert page.locator(".candidate .compat-pin_to_pin").first.is_visible()
    shoot(page, "06-substitutes")
    page.goto("/substitutes/?part=IRF540N")
    none = re.compile("Зарегистрированной замены для IRF540N нет")
    assert page.get_by_role("heading", name=none).is_visible()
    shoot(page, "07-substitutes-none")


def test_check_a_bill_of_materials(page, shoot, tmp_path):
    from playwright.sync_api import expect  # (conftest skips the module without Playwright)

    bom = tmp_path / "bom.csv"
    bom.write_text("Заказ 17 — плата управления\nКол-во;Позиция;Partnumber\n"
                   "10;DD1;SN74HC164N\n4;DA1;L7805CV\n2;VT1;IRF540N\n", encoding="utf-8")
    page.goto("/substitutes/bom/")
    shoot(page, "08-bom-upload")
    page.locator("input[type=file]").set_input_files(str(bom))
    page.get_by_role("button", name="Подобрать замены").click()
    page.wait_for_url(re.compile(r"/substitutes/bom/[\w-]+/$"))
    # The header is guessed (line 2) and can be changed; the reader confirms the columns.
    assert page.locator("input[name=header][value='1']").is_checked()
    page.get_by_label("Столбец с обозначением").select_option(label="C: Partnumber")
    page.get_by_label("Столбец с количеством").select_option(label="A: Кол-во")
    shoot(page, "09-bom-columns")
    page.get_by_role("button", name="Подобрать замены").click()
    rows = page.locator(".bom-answer tbody tr")
    expect(rows).to_have_count(3)  # waits for the answer page; count() would not
    assert "IN74HC164AN" in rows.nth(0).inner_text()
    assert "1180ЕН5А" in rows.nth(1).inner_text()
    assert "Зарегистрированной замены нет" in rows.nth(2).inner_text()
    shoot(page, "10-bom-answer")
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").click()
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    values = list(sheet.iter_rows(values_only=True))
    # Every original column comes back beside the answer.
    assert values[0][:4] == ("Строка", "Кол-во", "Позиция", "Partnumber")
    assert ("10", "DD1", "SN74HC164N", "IN74HC164AN") in [r[1:4] + r[5:6] for r in values[1:]]


def test_download_an_export_of_the_search(page, shoot):
    page.goto("/search/?q=IN74&sort=part_number")
    parts = result_parts(page)
    assert parts
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").click()
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Реестровый номер", "Обозначение")
    # The page shows the first page of results; the export holds them all, in the same order.
    exported = [r[1] for r in rows[1:]]
    assert exported[:len(parts)] == parts and len(exported) >= len(parts)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert [r[1] for r in list(csv.reader(io.StringIO(text)))[1:]] == exported


def test_a_phone_sees_the_whole_page_and_the_keyboard_reaches_it(browser, live_server,
                                                                demo_register, shoot):
    context = browser.new_context(locale="ru-RU", base_url=live_server.url,
                                  viewport={"width": 390, "height": 844}, is_mobile=True)
    tab = context.new_page()
    tab.goto("/search/?q=74HC")
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "no sideways scrolling on a phone"
    assert not tab.locator(".facets-panel").evaluate("d => d.open")  # folded on a phone
    shoot(tab, "11-search-phone")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.className") == "skip-link"
    tab.goto("/")
    shoot(tab, "12-home-phone")
    context.close()


def test_ticking_a_facet_with_the_keyboard_keeps_the_focus_on_it(page):
    from playwright.sync_api import expect  # (conftest skips the module without Playwright)

    page.goto("/search/?q=микроконтроллер")
    before = len(result_parts(page))
    page.evaluate("window.loadedOnce = true")  # gone if the page were loaded anew
    box = page.locator(".facets input[name=manufacturer][value=niiet]")
    box.focus()
    page.keyboard.press("Space")  # applies at once: results and facets are put in place
    page.wait_for_url(re.compile(r"manufacturer=niiet"))
    focused = page.evaluate("[document.activeElement.name, document.activeElement.value]")
    assert focused == ["manufacturer", "niiet"]
    assert page.evaluate("window.loadedOnce === true")
    assert 0 < len(result_parts(page)) < before
    assert page.locator(".chips").get_by_text("НИИЭТ").is_visible()
    page.go_back()  # the address followed, and so does the page
    page.wait_for_url(re.compile(r"q=%D0%BC|q=микроконтроллер$"))
    expect(page.locator(".results-table tbody td.part a")).to_have_count(before)
    assert page.evaluate("window.loadedOnce === true")


def test_without_javascript_a_facet_is_applied_by_the_form(browser, live_server, demo_register):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url,
                                  locale="ru-RU")
    tab = context.new_page()
    tab.goto("/search/?q=микроконтроллер")
    tab.locator(".facets input[name=manufacturer][value=niiet]").check()
    tab.locator("#search-form button[type=submit]").first.click()
    tab.wait_for_url(re.compile(r"manufacturer=niiet"))
    assert set(tab.locator(".results-table tbody td:nth-child(3) a").all_inner_texts()) == {
        "НИИЭТ"}
    context.close()


def test_ticking_two_interfaces_finds_the_microcontrollers_that_have_both(page, shoot):
    from playwright.sync_api import expect  # (conftest skips the module without Playwright)

    from products.models import ProductParameter

    page.goto("/search/?category=microcontrollers")
    facet = page.locator("fieldset.facet", has=page.locator("legend", has_text="Интерфейсы"))
    # One option per interface, never a whole comma-joined list.
    options = facet.locator(".option-label").all_inner_texts()
    assert "CAN" in options and "USB" in options and not any("," in o for o in options)
    facet.locator("input[value=CAN]").check()
    page.wait_for_url(re.compile(r"p\.interfaces=CAN"))
    facet.locator("input[value=USB]").check()
    page.wait_for_url(re.compile(r"p\.interfaces=CAN.*p\.interfaces=USB"))
    with_both = {row.product.part_number for row in ProductParameter.objects.filter(
        template__key="interfaces", value_terms__contains="|CAN|").filter(
        value_terms__contains="|USB|").select_related("product")}
    expect(page.locator(".results-table tbody td.part a")).to_have_count(len(with_both))
    assert set(result_parts(page)) == with_both
    shoot(page, "21-interfaces-facet")
