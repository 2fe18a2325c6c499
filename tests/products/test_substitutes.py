"""Finding a domestic substitute from any ordering code of a foreign part."""

import datetime

import pytest
from django.utils import timezone

from products.models import ForeignPart, ParameterTemplate, ProductParameter
from products.substitutes import SAME_FAMILY, SAME_PART, find_substitutes, find_substitutes_for_many
from tests.factories import make_category, make_manufacturer, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def shift_registers():
    return {
        "integral": make_product("IN74HC164AN", analogs=[("74HC164", "pin_to_pin")]),
        "functional": make_product("КР1564ИР8", analogs=[("SN74HC164N", "functional")]),
        "parametric": make_product("ЭКР1564ИР8", analogs=[("74HC164D", "parametric")]),
        "excluded": make_product("К1564ИР8", analogs=[("74HC164", "pin_to_pin")],
                                 status="excluded", excluded_at=datetime.date(2026, 1, 2),
                                 exclusion_reason="production_ended"),
        "unrelated": make_product("IN74HC174AN", analogs=[("74HC174", "pin_to_pin")]),
    }


@pytest.mark.parametrize("ordering_code", ["74HC164", "SN74HC164N", "74HC164D", "sn74hc164n",
                                           "CD74HC164E", "74hc164"])
def test_ordering_codes_find_the_same_substitutes_best_compatibility_first(
        shift_registers, ordering_code):
    found = [s.product.part_number for s in find_substitutes(ordering_code)]
    assert found == ["IN74HC164AN", "КР1564ИР8", "ЭКР1564ИР8"]


def test_the_exact_part_is_told_from_the_family(shift_registers):
    matches = {s.product.part_number: s.match for s in find_substitutes("SN74HC164N")}
    assert matches["КР1564ИР8"] == SAME_PART
    assert matches["IN74HC164AN"] == SAME_FAMILY


def test_excluded_entries_are_not_offered(shift_registers):
    assert "К1564ИР8" not in [s.product.part_number for s in find_substitutes("74HC164")]


def test_no_substitute_is_an_empty_answer(shift_registers):
    assert find_substitutes("LM317T") == []
    assert find_substitutes(" - ") == []


def test_query_count_does_not_grow_with_the_answer(shift_registers,
                                                    django_assert_max_num_queries):
    find_substitutes("74HC164")  # reads the categories and templates into the cache once
    # The declarations weighed, the catalogue rows, the declaring entries' parameters, and
    # the declarations kept read in full.
    with django_assert_max_num_queries(4):
        substitutes = find_substitutes("74HC164")
        [(s.product.manufacturer.short_name, s.product.category.name) for s in substitutes]


# --- Packages: pin-to-pin only when the board stays as it is -----------------------------------

@pytest.fixture
def logic():
    ics = make_category("integrated-circuits", parameters=[
        ("supply_voltage_min", "number", "V"), ("supply_voltage_max", "number", "V"),
        ("temp_min", "number", "°C"), ("temp_max", "number", "°C")])
    return make_category("logic", parent=ics, parameters=[("logic_family", "choice", ""),
                                                          ("function", "text", "")])


def test_a_dip_entry_declared_pin_to_pin_is_functional_for_the_soic_part(logic):
    """74HC164D is the SOIC-14 one: IN74HC164AN (DIP-14) does not fit its footprint."""
    make_product("IN74HC164AN", category=logic, package="DIP14",
                 analogs=[("74HC164", "pin_to_pin")])
    [candidate] = find_substitutes("74HC164D")
    assert (candidate.level, str(candidate.level_label)) == (
        "functional", "functional, other package")
    assert "DIP-14 instead of SOIC-14" in str(candidate.package_note)
    [same_package] = find_substitutes("SN74HC164N")
    assert (same_package.level, same_package.package_note) == ("pin_to_pin", "")
    assert same_package.score > candidate.score


def test_the_catalogue_package_decides_when_it_is_known(logic):
    ForeignPart.objects.create(part_number="74HC164D", package="SO14", pin_count=14,
                               category=logic, source="csv:test")
    make_product("IN74HC164AD", category=logic, package="SOIC-14",
                 analogs=[("74HC164", "pin_to_pin")])
    make_product("IN74HC164AN", category=logic, package="PDIP14",
                 analogs=[("74HC164", "pin_to_pin")])
    levels = {c.product.part_number: c.level for c in find_substitutes("74HC164D")}
    assert levels == {"IN74HC164AD": "pin_to_pin", "IN74HC164AN": "functional"}
    assert [c.product.part_number for c in find_substitutes("74HC164D")][0] == "IN74HC164AD"


def test_an_undeclared_package_keeps_the_declaration_and_says_so(logic):
    make_product("IN74HC164AN", category=logic, analogs=[("74HC164", "pin_to_pin")])
    [candidate] = find_substitutes("74HC164D")
    assert candidate.level == "pin_to_pin"
    assert "does not state its package" in str(candidate.package_note)


# --- Parametric candidates and the comparison --------------------------------------------------

@pytest.fixture
def mcus():
    ics = make_category("integrated-circuits", parameters=[
        ("supply_voltage_min", "number", "V"), ("supply_voltage_max", "number", "V"),
        ("temp_min", "number", "°C"), ("temp_max", "number", "°C")])
    mcu = make_category("microcontrollers", parent=ics, parameters=[
        ("core", "choice", ""), ("clock_mhz", "number", "MHz"), ("flash_kb", "number", "KB"),
        ("ram_kb", "number", "KB")])
    ForeignPart.objects.create(
        part_number="STM32F103C8Tx", ordering_pattern="STM32F103C8Tx", maker="STMicroelectronics",
        category=mcu, package="LQFP-48", pin_count=48, source="kicad:MCU_ST_STM32F1",
        parameters={"core": "Cortex-M3", "clock_mhz": 72, "flash_kb": 64, "ram_kb": 20,
                    "supply_voltage_min": 2.0, "supply_voltage_max": 3.6, "temp_min": -40,
                    "temp_max": 85})
    return mcu


def with_parameters(product, **values):
    for key, value in values.items():
        template = ParameterTemplate.objects.get(
            key=key, category__path__in=_prefixes(product.category.path))
        ProductParameter.objects.create(product=product, template=template, value=str(value))
    return product


def _prefixes(path):
    slugs = [s for s in path.split("/") if s]
    return ["/" + "/".join(slugs[:n]) + "/" for n in range(1, len(slugs) + 1)]


def mcu(mcus, part_number, package="LQFP64", manufacturer=None, **values):
    fields = values.pop("entry", {})
    entry = make_product(part_number, category=mcus, package=package,
                         manufacturer=manufacturer or make_manufacturer(), **fields)
    return with_parameters(entry, **values)


MILANDR = {"core": "Cortex-M3", "clock_mhz": 80, "flash_kb": 128, "ram_kb": 32,
           "supply_voltage_min": 2.2, "supply_voltage_max": 3.6, "temp_min": -40, "temp_max": 85}


def test_parametric_candidates_come_from_the_reference_catalogue(mcus):
    mcu(mcus, "К1986ВЕ92QI", **MILANDR)
    mcu(mcus, "SMALL-M3", **{**MILANDR, "flash_kb": 16, "ram_kb": 4, "clock_mhz": 48})
    mcu(mcus, "RISCV-1", **{**MILANDR, "core": "RISC-V"})
    [candidate] = find_substitutes("STM32F103C8T6")
    assert candidate.product.part_number == "К1986ВЕ92QI"
    assert (candidate.level, candidate.analog, candidate.match) == ("parametric", None, None)
    assert 0 < candidate.score <= 100
    assert "LQFP-64 instead of LQFP-48" in str(candidate.package_note)


def test_comparison_rows_give_both_values_units_and_verdicts(mcus):
    mcu(mcus, "К1986ВЕ92QI", **{**MILANDR, "temp_min": -60})
    [candidate] = find_substitutes("STM32F103C8T6")
    rows = {row.key: (row.foreign, row.domestic, row.unit, row.verdict)
            for row in candidate.comparison}
    assert rows == {
        "core": ("Cortex-M3", "Cortex-M3", "", "equal"),
        "clock_mhz": ("72", "80", "MHz", "better"),
        "flash_kb": ("64", "128", "KB", "better"),
        "ram_kb": ("20", "32", "KB", "better"),
        "supply_voltage_min": ("2", "2.2", "V", "worse"),  # a narrower supply range
        "supply_voltage_max": ("3.6", "3.6", "V", "equal"),
        "temp_min": ("-40", "-60", "°C", "better"),  # a wider temperature range
        "temp_max": ("85", "85", "°C", "equal"),
    }
    assert [row.key for row in candidate.comparison][:4] == [
        "supply_voltage_min", "supply_voltage_max", "temp_min", "temp_max"]


def test_a_declared_analog_known_to_the_catalogue_is_compared_and_ranked_first(mcus):
    declared = mcu(mcus, "К1986ВЕ92QI", package="LQFP48",
                   entry={"analogs": [("STM32F103C8T6", "pin_to_pin")]}, **MILANDR)
    mcu(mcus, "OTHER-M3", **MILANDR)
    found = find_substitutes("STM32F103C8T6")
    assert [c.product for c in found][0] == declared
    assert (found[0].level, found[0].match) == ("pin_to_pin", SAME_PART)
    assert {row.verdict for row in found[0].comparison} >= {"better", "equal"}
    assert [c.level for c in found[1:]] == ["parametric"]


def test_without_the_catalogue_the_declared_family_gives_the_parameters(logic):
    timer = make_category("timers", parent=logic.parent, parameters=[
        ("output_current", "number", "A")])
    declared = with_parameters(make_product(
        "КР1006ВИ1", category=timer, package="2101.8-1", analogs=[("NE555", "pin_to_pin")]),
        supply_voltage_min=4.5, supply_voltage_max=16, output_current=0.2)
    with_parameters(make_product("TIMER-16V", category=timer, package="DIP-8"),
                    supply_voltage_min=4.5, supply_voltage_max=18, output_current=0.2)
    with_parameters(make_product("TIMER-LOW", category=timer, package="DIP-8"),
                    supply_voltage_min=4.5, supply_voltage_max=5, output_current=0.05)
    found = find_substitutes("NE555P")
    assert [c.product.part_number for c in found] == ["КР1006ВИ1", "TIMER-16V"]
    assert found[0].product == declared and found[0].level == "pin_to_pin"  # DIP-8 both
    assert found[0].comparison == []  # not compared with itself
    assert found[1].level == "parametric" and found[1].compared_with == declared
    assert {r.key: r.verdict for r in found[1].comparison}["supply_voltage_max"] == "better"


def test_another_makers_prefix_finds_the_catalogue_row_and_the_comparison(logic):
    """SN74HC164N is TI's 74HC164: KiCad lists the part without a maker's prefix."""
    ForeignPart.objects.create(part_number="74HC164", category=logic, source="kicad:74xx",
                               parameters={"logic_family": "HC",
                                           "function": "8-bit serial-in parallel-out shift "
                                                       "register"})
    with_parameters(make_product("IN74HC164AN", category=logic, package="DIP14",
                                 analogs=[("SN74HC164N", "pin_to_pin")]),
                    logic_family="74HC (КР1564)",
                    function="8-bit serial-in, parallel-out shift register")
    [candidate] = find_substitutes("SN74HC164N")
    assert {row.key: (row.foreign, row.domestic, row.verdict) for row in candidate.comparison} \
        == {"logic_family": ("HC", "74HC (КР1564)", "equal"),
            "function": ("8-bit serial-in parallel-out shift register",
                         "8-bit serial-in, parallel-out shift register", "equal")}


@pytest.mark.parametrize(("part", "known"), [
    ("CD4011BE", True), ("HEF4011BP", True),
    ("MAX4011", False),  # an amplifier with the same digits
    ("CD40110BE", False),  # another number of the series
])
def test_the_4000_series_under_its_makers_prefixes_is_its_number(logic, part, known):
    ForeignPart.objects.create(part_number="4011", category=logic, source="kicad:4xxx",
                               parameters={"logic_family": "CD4000",
                                           "function": "quad 2-input NAND gate"})
    with_parameters(make_product("К561ЛА7", category=logic, package="DIP14",
                                 analogs=[(part, "pin_to_pin")]),
                    logic_family="CD4000 (К561)", function="Quad 2-input NAND gate")
    [candidate] = find_substitutes(part)
    assert bool(candidate.comparison) is known
    if known:
        assert {row.verdict for row in candidate.comparison} == {"equal"}


def test_a_kicad_symbol_of_one_package_gives_the_parameters_not_the_package(logic):
    """LM317_SOT-223 describes LM317T's die; the T says TO-220, the symbol's name SOT-223."""
    power = make_category("power-management", parent=logic.parent, parameters=[
        ("output_current", "number", "A")])
    ForeignPart.objects.create(part_number="LM317_SOT-223", category=power, package="SOT-223",
                               pin_count=4, source="kicad:Regulator_Linear",
                               parameters={"output_current": 1.5, "supply_voltage_max": 35})
    ForeignPart.objects.create(part_number="LM317_TO-220", category=power, package="TO-220",
                               pin_count=3, source="kicad:Regulator_Linear",
                               parameters={"output_current": 1.5, "supply_voltage_max": 35})
    with_parameters(make_product("КР142ЕН12А", category=power, package="TO-220",
                                 analogs=[("LM317", "pin_to_pin")]),
                    output_current=1.5, supply_voltage_max=37)
    [candidate] = find_substitutes("LM317T")
    assert candidate.level == "pin_to_pin"  # TO-220 both: no other package to warn of
    assert candidate.profile.reference.part_number == "LM317_TO-220"  # the T's package
    assert {row.key: row.verdict for row in candidate.comparison} == {
        "supply_voltage_max": "better", "output_current": "equal"}


def test_a_parametric_candidate_must_do_the_same_job(logic):
    """An LS counter has the family and supply of an LS NAND gate, but is no substitute."""
    ForeignPart.objects.create(part_number="74LS00", category=logic, source="kicad:74xx",
                               parameters={"logic_family": "LS",
                                           "function": "quad 2-input NAND gate"})
    with_parameters(make_product("К555ЛА3", category=logic, package="DIP14"),
                    logic_family="LS", function="Quad 2-input NAND gate")
    with_parameters(make_product("К555ИЕ19", category=logic, package="DIP14"),
                    logic_family="LS", function="dual 4-bit binary counter")
    assert [c.product.part_number for c in find_substitutes("SN74LS00N")] == ["К555ЛА3"]


def test_a_family_of_digits_does_not_cross_categories_the_catalogue_tells_apart(logic):
    """BC337 (a transistor) and LM337 (a regulator) share the digits 337, not a family."""
    power = make_category("power-management", parent=logic.parent)
    transistors = make_category("bipolar-transistors")
    ForeignPart.objects.create(part_number="BC337", category=transistors,
                               source="kicad:Transistor_BJT", parameters={})
    make_product("КР142ЕН18А", category=power, analogs=[("LM337", "functional")])
    assert find_substitutes("BC337") == []
    assert [c.product.part_number for c in find_substitutes("LM337T")] == ["КР142ЕН18А"]


# --- Only entries in force ---------------------------------------------------------------------

def test_excluded_suspended_expired_and_unadmitted_entries_are_never_offered(mcus):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    mcu(mcus, "EXCLUDED", entry={"status": "excluded", "excluded_at": datetime.date(2026, 2, 1),
                                 "exclusion_reason": "production_ended",
                                 "analogs": [("STM32F103C8T6", "pin_to_pin")]}, **MILANDR)
    mcu(mcus, "SUSPENDED", entry={"status": "suspended", "suspended_at": datetime.date(2026, 2, 1),
                                  "analogs": [("STM32F103", "functional")]}, **MILANDR)
    mcu(mcus, "EXPIRED", entry={"registered_at": datetime.date(2020, 1, 1),
                                "valid_until": yesterday,
                                "analogs": [("STM32F103C8T6", "pin_to_pin")]}, **MILANDR)
    mcu(mcus, "UNADMITTED", manufacturer=make_manufacturer(status="pending"), **MILANDR)
    mcu(mcus, "LAST-DAY", entry={"registered_at": datetime.date(2020, 1, 1),
                                 "valid_until": timezone.localdate()}, **MILANDR)
    assert [c.product.part_number for c in find_substitutes("STM32F103C8T6")] == ["LAST-DAY"]


# --- Bills of materials ------------------------------------------------------------------------

def test_a_batch_of_many_parts_takes_a_fixed_number_of_queries(
        mcus, django_assert_max_num_queries):
    for n in range(25):
        mcu(mcus, f"M3-{n}", entry={"analogs": [(f"STM32F10{n % 8}C8T6", "functional")]},
            **{**MILANDR, "flash_kb": 64 + n})
    few = ["STM32F103C8T6", "74HC164D"]
    many = few + [f"STM32F10{n % 8}C8T{n}" for n in range(40)] + [f"NE{n}P" for n in range(40)]
    find_substitutes_for_many(few)  # fills the template cache
    # Declarations, catalogue rows, the parameters of the first declaring entries and of the
    # others compared, the parametric searches, the entries found and their parameters, and
    # the declarations and entries kept, read in full.
    with django_assert_max_num_queries(9):
        small = find_substitutes_for_many(few)
    with django_assert_max_num_queries(9):
        found = find_substitutes_for_many(many)
        [(c.product.manufacturer.short_name, c.product.category.name, c.comparison)
         for candidates in found.values() for c in candidates]
    assert len(found["STM32F103C8T6"]) == 20  # capped
    assert [c.product.part_number for c in found["STM32F103C8T6"]][:3] == [
        c.product.part_number for c in small["STM32F103C8T6"]][:3]
    assert found["NE1P"] == []
    assert [c.match for c in found["STM32F103C8T6"]][:3] == [SAME_PART] * 3
