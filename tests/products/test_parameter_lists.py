"""List parameters (a microcontroller's interfaces) and the vocabulary's spellings, as a
reader of the search page and of the API meets them: one facet value per interface, filters
that want every ticked interface, and choices stored in one spelling."""

import importlib
from urllib.parse import urlencode

import pytest
from django.apps import apps

from products import vocabulary
from products.models import ParameterTemplate, Product, ProductParameter
from tests.factories import make_category, make_manufacturer, make_product

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("products.migrations.0011_parameter_lists")
# Lists as the demo register's makers publish them.
LISTS = {
    "К1986ВЕ92QI": "USB, 2×CAN, 2×UART, 2×SPI, I2C, 12-bit ADC, 12-bit DAC",
    "1986ВЕ8Т": "ARINC 429 (ГОСТ 18977-79), 2×MIL-STD-1553 (ГОСТ Р 52070-2003), "
                "Ethernet 10/100, USB 2.0 FS OTG, 2×CAN, 2×UART, 2×SPI",
    "К1986ВЕ1QI": "2×Uart, i2c, SpW",
}


def test_an_item_names_one_term_whatever_its_count_width_or_remark():
    assert vocabulary.terms("interfaces", LISTS["1986ВЕ8Т"]) == [
        "ARINC 429", "CAN", "Ethernet", "MIL-STD-1553", "SPI", "UART", "USB"]
    assert vocabulary.terms("interfaces", "8×12-bit ADC, 24-bit sigma-delta ADC, ЦАП") == [
        "ADC", "DAC"]
    # An item the vocabulary does not know is its own term, never dropped.
    assert vocabulary.terms("interfaces", "UART, HDLC") == ["HDLC", "UART"]


def test_a_list_keeps_what_its_items_say_and_respells_only_their_spelling():
    # Another spelling of the name is respelled; a synonym (SpW) or an item that says more
    # (USB 2.0 FS OTG) stays as written, and counts as its term.
    assert vocabulary.tidy_list("interfaces", LISTS["К1986ВЕ1QI"]) == "2×UART, I2C, SpW"
    assert vocabulary.tidy_list("interfaces", LISTS["1986ВЕ8Т"]) == LISTS["1986ВЕ8Т"]
    assert vocabulary.respell("core", "Cortex-M4F") == "Cortex-M4F"


@pytest.fixture
def mcus():
    maker = make_manufacturer(slug="milandr", short_name_en="Milandr")
    mcu = make_category(slug="mcu", name_en="Microcontrollers", parameters=[
        ("core", ParameterTemplate.Kind.CHOICE, ""),
        ("interfaces", ParameterTemplate.Kind.MULTIPLE, ""),
    ])
    templates = {t.key: t for t in mcu.parameters.all()}
    entries = {}
    for part, interfaces in LISTS.items():
        entries[part] = make_product(part, manufacturer=maker, category=mcu)
        ProductParameter.objects.create(product=entries[part], template=templates["interfaces"],
                                        value=interfaces)
    ProductParameter.objects.create(product=entries["К1986ВЕ1QI"], template=templates["core"],
                                    value="Risc-V")
    return entries


def test_saved_values_take_the_vocabulary_spellings(mcus):
    stored = dict(ProductParameter.objects.filter(product__part_number="К1986ВЕ1QI")
                  .values_list("template__key", "value"))
    assert stored == {"core": "RISC-V", "interfaces": "2×UART, I2C, SpW"}
    row = ProductParameter.objects.get(product__part_number="К1986ВЕ1QI",
                                       template__key="interfaces")
    assert row.value_terms == "|I2C|SpaceWire|UART|"


def search(client, params):
    response = client.get(f"/search/?{urlencode(params, doseq=True)}",
                          headers={"accept-language": "en"})
    assert response.status_code == 200
    return response


def test_the_interfaces_facet_counts_each_interface_once_per_entry(client, mcus):
    panel = search(client, {"category": "mcu"}).context["panel"]
    facet = next(f for f in panel.parameters if f.template.key == "interfaces")
    counts = {o.value: o.count for o in facet.options}
    assert counts["UART"] == 3 and counts["CAN"] == 2 and counts["ARINC 429"] == 1
    assert not any("," in value for value in counts)  # never a whole list as one value


def test_ticked_interfaces_find_the_entries_that_have_them_all(client, mcus):
    def found(*interfaces):
        response = search(client, {"category": "mcu", "p.interfaces": list(interfaces)})
        return sorted(p.part_number for p in response.context["page"].object_list)

    assert found("CAN") == ["1986ВЕ8Т", "К1986ВЕ92QI"]
    assert found("CAN", "ARINC 429") == ["1986ВЕ8Т"]
    assert found("UART", "SpaceWire") == ["К1986ВЕ1QI"]
    # A synonym finds the canonical term.
    assert found("usart", "iic") == ["К1986ВЕ1QI", "К1986ВЕ92QI"]
    assert found("spw") == ["К1986ВЕ1QI"]


def test_the_api_filters_by_interface_and_refuses_one_no_entry_has(client, mcus):
    response = client.get("/api/v1/products/?p.interfaces=CAN&p.interfaces=USB&category=mcu")
    assert response.status_code == 200
    assert sorted(e["part_number"] for e in response.json()["results"]) == [
        "1986ВЕ8Т", "К1986ВЕ92QI"]
    refused = client.get("/api/v1/products/?p.interfaces=PCIe&category=mcu")
    assert refused.status_code == 400
    message = str(refused.json())
    assert "PCIe" in message and "SpaceWire" in message  # says what is in use


def test_the_migration_turns_interfaces_into_lists_and_respells_stored_values():
    mcu = make_category(slug="mcu", parameters=[
        ("core", ParameterTemplate.Kind.CHOICE, ""),
        ("interfaces", ParameterTemplate.Kind.TEXT, ""),
    ])
    templates = {t.key: t for t in mcu.parameters.all()}
    entry = make_product("К1986ВЕ1QI", category=mcu)
    before = Product.objects.filter(pk=entry.pk).values_list("updated_at", flat=True).get()
    for key, value in (("core", "riscv"), ("interfaces", "2×usart,I2c")):
        ProductParameter.objects.create(product=entry, template=templates[key], value="x")
        # As an older release stored them: verbatim, without terms.
        ProductParameter.objects.filter(template=templates[key]).update(value=value)

    MIGRATION.clean_values(apps, None)

    assert ParameterTemplate.objects.get(pk=templates["interfaces"].pk).kind == "multiple"
    stored = {row.template.key: (row.value, row.value_terms)
              for row in ProductParameter.objects.filter(product=entry)}
    assert stored == {"core": ("RISC-V", ""), "interfaces": ("2×usart, I2C", "|I2C|UART|")}
    # The entry's stored document is outdated, so it is rendered again.
    assert Product.objects.filter(pk=entry.pk).values_list("updated_at", flat=True).get() \
        > before


def test_a_term_that_is_a_word_is_shown_in_the_page_language(client, mcus):
    ProductParameter.objects.filter(product__part_number="К1986ВЕ1QI",
                                    template__key="interfaces").get().delete()
    entry = mcus["К1986ВЕ1QI"]
    ProductParameter.objects.create(
        product=entry, template=entry.category.parameters.get(key="interfaces"),
        value="UART, external bus")
    page = client.get("/search/?category=mcu", headers={"accept-language": "ru"})
    assert 'value="external bus"> <span class="option-label">внешняя шина</span>' \
        in page.content.decode()


def test_the_api_gives_a_lists_terms_on_the_detail_and_the_list_alike(client, mcus):
    entry = mcus["1986ВЕ8Т"]
    detail = client.get(f"/api/v1/products/{entry.registry_number}/").json()
    listed = next(row for row in client.get("/api/v1/products/?category=mcu").json()["results"]
                  if row["part_number"] == "1986ВЕ8Т")
    for representation in (detail, listed):
        interfaces = next(p for p in representation["parameters"] if p["key"] == "interfaces")
        assert interfaces["kind"] == "multiple"
        assert interfaces["value"] == LISTS["1986ВЕ8Т"]
        assert interfaces["terms"] == ["ARINC 429", "CAN", "Ethernet", "MIL-STD-1553", "SPI",
                                       "UART", "USB"]
    core = next(p for p in client.get(
        f"/api/v1/products/{mcus['К1986ВЕ1QI'].registry_number}/").json()["parameters"]
        if p["key"] == "core")
    assert core["terms"] is None
