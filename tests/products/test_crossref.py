"""Reading and checking manufacturers' cross-reference tables (products.crossref)."""

import pytest

from products import crossref
from products.crossref import CrossrefError, check, compatibility_of, read_table
from products.models import ProductStatus
from tests.crossref_tables import HEADER_EN, HEADER_RU, table_file
from tests.factories import make_manufacturer, make_product

pytestmark = pytest.mark.django_db


def test_a_russian_csv_in_cp1251_with_semicolons_and_a_title_line_is_read():
    upload = table_file([["Перечень аналогов ОАО «ИНТЕГРАЛ»"], HEADER_RU,
                         ["IN74HC164AN", "SN74HC164N", "полный", "DIP-14"],
                         ["", "", "", ""],
                         ["IN74HC595AN", "SN74HC595N", "функциональный", ""]],
                        encoding="cp1251")
    table = read_table(upload)
    assert [(r.line, r.domestic, r.foreign, r.compatibility, r.note) for r in table] == [
        (3, "IN74HC164AN", "SN74HC164N", "полный", "DIP-14"),
        (5, "IN74HC595AN", "SN74HC595N", "функциональный", "")]


def test_english_headers_in_any_order_tab_separated_and_xlsx():
    rows = [["Note", "Foreign part", "Domestic part"], ["DIP", "NE555P", "КР1006ВИ1"]]
    tab = read_table(table_file(rows, delimiter="\t", name="a.txt"))
    workbook = read_table(table_file(rows, name="a.xlsx"))
    for table in (tab, workbook):
        assert [(r.domestic, r.foreign, r.compatibility, r.note) for r in table] == [
            ("КР1006ВИ1", "NE555P", "", "DIP")]


def test_the_domestic_column_is_told_from_the_foreign_one_although_both_say_analog():
    table = read_table(table_file([
        ["Зарубежный аналог", "Отечественный аналог", "Производитель аналога"],
        ["LM317T", "КР142ЕН12А", "Texas Instruments"]], delimiter=","))
    assert (table[0].domestic, table[0].foreign, table[0].maker) == (
        "КР142ЕН12А", "LM317T", "Texas Instruments")


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"Part;Qty\nX;1", "No header row names the columns"),
    ("Тип;Аналог\n".encode(), "no rows below it"),
    (b"PK\x03\x04not a zip", "not a readable XLSX"),
])
def test_unreadable_tables_say_why(content, message):
    upload = table_file([])
    upload.file.write(content)
    upload.file.seek(0)
    upload.size = len(content)
    with pytest.raises(CrossrefError, match=message):
        read_table(upload)


@pytest.mark.parametrize("value, level", [
    ("pin-to-pin", "pin_to_pin"), ("Pin to pin", "pin_to_pin"), ("полный", "pin_to_pin"),
    ("Функциональный", "functional"), ("functional", "functional"), ("", "functional"),
    ("параметрический", "parametric"), ("по параметрам", "parametric"),
    ("Parametric", "parametric"), ("похожий", None),
])
def test_compatibility_is_read_in_either_language(value, level):
    assert compatibility_of(value) == level


@pytest.fixture
def entries():
    maker = make_manufacturer()
    other = make_manufacturer()
    shift = make_product("IN74HC164AN", manufacturer=maker, aliases=["74HC164N-INT"],
                         analogs=[("SN74HC164N", "functional")])
    mcu = make_product("К1986ВЕ92QI", manufacturer=maker)
    make_product("IN74HC595AN", manufacturer=maker, status=ProductStatus.EXCLUDED,
                 excluded_at="2026-02-01", exclusion_reason="withdrawn",
                 exclusion_legal_basis="Order 1")
    make_product("КР1006ВИ1", manufacturer=other)
    return maker, shift, mcu


def rows(*lines):
    return crossref.rows_of([(1, HEADER_EN), *((n, list(cells)) for n, cells in
                                                enumerate(lines, start=2))])


def test_rows_name_entries_by_any_spelling_and_the_refused_ones_say_why(entries):
    maker, shift, mcu = entries
    checked = check(rows(
        ["k1986ve92qi", "STM32F103C8T6", "functional", "Cortex-M3"],   # transliterated
        ["74HC164N-INT", "SN74HC164N", "pin-to-pin", ""],             # another spelling
        ["K1986BE92QI", "STM32F103CBT6", "parametric", ""],          # Latin look-alikes
        ["IN74HC595AN", "SN74HC595N", "", ""],                        # excluded entry
        ["КР1006ВИ1", "NE555P", "", ""],                              # another maker's
        ["IN74HC164AN", "", "", ""],
        ["IN74HC164AN", "X" * 101, "", ""],
        ["IN74HC164AN", "74HC164D", "similar", ""],
        ["IN74HC164AN", "sn74hc164n", "", ""],                        # listed twice
        ["", "LM358N", "", ""],
    ), maker)
    assert {p: [r.foreign for r in found] for p, found in checked.rows_by_entry.items()} == {
        mcu: ["STM32F103C8T6", "STM32F103CBT6"], shift: ["SN74HC164N"]}
    problems = {p.line: p.message for p in checked.problems}
    assert sorted(problems) == [5, 6, 7, 8, 9, 10, 11]
    assert "IN74HC595AN is not an entry of" in problems[5]
    assert "КР1006ВИ1 is not an entry of" in problems[6]
    assert "foreign part is missing" in problems[7]
    assert "longer than 100" in problems[8]
    assert "“similar” is not a compatibility" in problems[9]
    assert "already listed for IN74HC164AN on line 3" in problems[10]
    assert "domestic part is missing" in problems[11]
    assert (checked.row_count, checked.valid_row_count) == (10, 3)


def test_a_table_adds_and_changes_analogs_and_removes_none(entries):
    maker, shift, mcu = entries
    checked = check(rows(
        ["IN74HC164AN", "SN 74HC164N", "pin-to-pin", "DIP-14"],
        ["IN74HC164AN", "74HC164D", "functional", "SOIC"],
        ["К1986ВЕ92QI", "STM32F103C8T6", "functional", ""],
    ), maker)
    by_entry = {change.product: change for change in crossref.changes_of(checked)}
    change = by_entry[shift]
    assert [a["part_number"] for a in change.added] == ["74HC164D"]
    assert [(before["compatibility"], after["compatibility"], after["part_number"])
            for before, after in change.changed] == [
        ("functional", "pin_to_pin", "SN74HC164N")]  # the spelling declared stays
    assert sorted(a["part_number"] for a in change.analogs) == ["74HC164D", "SN74HC164N"]
    assert [a["part_number"] for a in by_entry[mcu].added] == ["STM32F103C8T6"]
    again = check(rows(["IN74HC164AN", "SN74HC164N", "functional", ""]), maker)
    unchanged = crossref.changes_of(again)[0]
    assert (unchanged.unchanged, unchanged.changes_anything) == (
        [{"part_number": "SN74HC164N", "manufacturer_name": "", "compatibility": "functional",
          "note": ""}], False)
