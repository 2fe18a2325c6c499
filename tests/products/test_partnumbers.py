"""Normalisation of part numbers: the three ways a designation is typed meet on a key."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from products import partnumbers
from products.partnumbers import PartKeys

CYRILLIC = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюяІЎ"
designation_chars = st.sampled_from(CYRILLIC + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz0123456789 -./_")
designations = st.text(designation_chars, min_size=0, max_size=30)


@pytest.mark.parametrize("function", [partnumbers.plain, partnumbers.lookalike,
                                      partnumbers.translit, partnumbers.skeleton,
                                      partnumbers.family])
@given(value=st.one_of(designations, st.text(max_size=40)))
def test_every_key_is_idempotent(function, value):
    once = function(value)
    assert function(once) == once


@given(value=designations)
def test_separators_and_case_do_not_matter(value):
    spaced = " - ".join(value.lower())
    assert PartKeys.of(spaced) == PartKeys.of(value.upper())


@pytest.mark.parametrize("spelling", ["К1986ВЕ92QI", "K1986BE92QI", "k1986ve92qi",
                                      "к1986ве92qi", "K 1986 BE 92 QI", "К1986ВЕ92-QI"])
def test_three_spellings_of_the_milandr_mcu_meet(spelling):
    assert PartKeys.of(spelling).meets(PartKeys.of("К1986ВЕ92QI"))


@pytest.mark.parametrize("spelling", ["1892ВМ14Я", "1892vm14ja", "1892VM14YA", "1892-ВМ14Я"])
def test_spellings_of_the_elvees_soc_meet(spelling):
    assert PartKeys.of(spelling).meets(PartKeys.of("1892ВМ14Я"))


def test_a_latin_typed_entry_is_found_by_its_transliteration():
    assert PartKeys.of("k1986ve92qi").meets(PartKeys.of("K1986BE92QI"))


@pytest.mark.parametrize(("one", "other"), [
    ("К1986ВЕ92QI", "К1986ВЕ1QI"),
    ("IN74HC164AN", "IN74HC174AN"),
    ("КТ3102", "КТ3107"),
])
def test_different_parts_do_not_meet(one, other):
    assert not PartKeys.of(one).meets(PartKeys.of(other))


@pytest.mark.parametrize(("spelling", "family"), [
    ("К1986ВЕ92QI", "1986VE92"),
    ("1986ВЕ92", "1986VE92"),
    ("КР1564ИР8", "1564IR8"),
    ("1892ВМ14Я", "1892VM14"),
    ("1180ЕН5А", "1180EN5"),
])
def test_family_drops_prefix_and_suffix(spelling, family):
    assert partnumbers.family(spelling) == family


@pytest.mark.parametrize("ordering_code", ["74HC164", "SN74HC164N", "74HC164D", "CD74HC164E",
                                           "IN74HC164AN"])
def test_ordering_codes_of_one_logic_part_share_a_family(ordering_code):
    assert partnumbers.family(ordering_code) == partnumbers.family("74HC164")


def test_plain_key_drops_separators_and_upper_cases():
    assert partnumbers.plain(" k-1986.ве/92_qi ") == "K1986ВЕ92QI"


def test_overlong_input_is_cut():
    assert len(partnumbers.plain("9" * 10_000)) == partnumbers.MAX_LENGTH
