"""The engine's rules that need no database: packages, ordering-code suffixes, verdicts."""

import pytest

from products.substitution import comparison, packages


@pytest.mark.parametrize(("one", "other"), [
    ("DIP-14", "PDIP14"), ("DIP14", "DIP-14"), ("SOIC-14", "SO14"), ("SO-8", "SOIC8"),
    ("TO-220AB", "TO-220"), ("2101.8-1", "DIP-8"), ("КТ-28", "TO-220"), ("LQFP64", "LQFP-64"),
])
def test_spellings_of_one_package_are_one_package(one, other):
    assert packages.normalise(one) == packages.normalise(other)


@pytest.mark.parametrize(("one", "other"), [
    ("DIP-14", "SOIC-14"), ("DIP-14", "DIP-16"), ("TQFP-32", "LQFP-32"), ("КТ-13", "TO-92"),
])
def test_different_packages_differ(one, other):
    assert packages.normalise(one).same_as(packages.normalise(other)) is False


@pytest.mark.parametrize(("code", "package"), [
    ("74HC164D", "SOIC"), ("SN74HC164N", "DIP"), ("CD74HC164E", "DIP"), ("LM358DR", "SOIC"),
    ("LM317T", "TO-220"), ("NE555P", "DIP"), ("ATmega328P-PU", "DIP"), ("ATmega328P-AU", "TQFP"),
    ("MAX232CPE", "DIP"), ("MAX232CSE", "SOIC"), ("AD620AR", "SOIC"), ("AD620AN", "DIP"),
    ("LM358N", "DIP"), ("TL431CLP", "TO-92"),
    # No package in these suffixes: the catalogue must say.
    ("IRF540N", None), ("STM32F103C8T6", None), ("2N3904BU", None),
    ("CY7C1019BV33-15VXI", None), ("74HC164", None),
])
def test_the_package_an_ordering_code_names(code, package):
    found = packages.from_ordering_code(code)
    assert (found.kind if found else None) == package


def test_the_pin_count_completes_a_package_from_a_suffix():
    assert str(packages.from_ordering_code("74HC164D").with_pins(14)) == "SOIC-14"
    assert str(packages.from_ordering_code("LM317T").with_pins(14)) == "TO-220"


@pytest.mark.parametrize(("key", "foreign", "domestic", "verdict"), [
    ("supply_voltage_max", 5.5, "6", "better"), ("supply_voltage_max", 5.5, "3.6", "worse"),
    ("supply_voltage_min", 2.0, "1.8", "better"), ("temp_min", -40, "-60", "better"),
    ("temp_max", 85, "125", "better"), ("clock_mhz", 72, "72", "equal"),
    ("flash_kb", 64, "32", "worse"), ("output_voltage", 5, "5.0", "equal"),
    ("output_voltage", 5, "3.3", "worse"), ("core", "Cortex-M3", "cortex-m3", "equal"),
    ("core", "Cortex-M3", "RISC-V", "worse"), ("function", "shift register", "counter",
                                               "unknown"),
    ("flash_kb", 64, "", "unknown"), ("unlisted_number", 1, "2", "unknown"),
    # Words of the shared vocabulary: a domestic entry names its series beside the family.
    ("logic_family", "HC", "74HC (КР1564)", "equal"), ("logic_family", "LS", "74LS (К555)",
                                                       "equal"),
    ("logic_family", "HC", "74LS (К555)", "worse"),
])
def test_verdicts_follow_the_direction_of_each_parameter(key, foreign, domestic, verdict):
    assert comparison.verdict(key, foreign, domestic) == verdict


def test_power_is_consumption_for_processors_and_dissipation_for_transistors():
    assert comparison.verdict("power_w", 5, "3", "/ics/processors/") == "better"
    assert comparison.verdict("power_w", 0.5, "0.3", "/discrete/bipolar-transistors/") == "worse"
