"""The one-pass .kicad_sym scan reads what the full parser reads, or leaves the file to it."""

import pytest

from products.foreign import kicad_sym, sexpr, symbol_scan

LIBRARY = '''(kicad_symbol_lib (version 20231120)
  (symbol "A \\"quoted\\"" (pin_names (offset 1.016)) (in_bom yes)
    (property "Reference" "U" (at 0 0 0) (effects (font (size 1.27 1.27)) hide))
    (property "Description" "5\\" display, (DIP-8)" (at 0 0 0))
    (property "Reference" "IC" (at 0 0 0))
    (property "Footprint" "Package_DIP:DIP-8_W7.62mm" (at 0 0 0))
    (property "Footprint" "Package_SO:SOIC-8_3.9x4.9mm_P1.27mm" (at 0 0 0))
    (property Keywords bare)
    (property "Value" (at 0 0 0)) (property "ki_fp_filters")
    (symbol "A_0_1" (polyline (pts (xy 0 0) (xy 1 1)) (stroke (width 0) (type default))))
    (symbol "A_1_1"
      (pin input line (at 0 0 0) (length 2.54)
        (name "PA0" (effects (font (size 1.27 1.27))))
        (number "1" (effects (font (size 1.27 1.27)))) (number "9"))
      (pin input line (at 0 0 0) (number 2) (alternate "X" input line))
      (pin passive line (at 0 0 0) (number "1"))
      (property "Ignored" "inside a unit")))
  (symbol "B" (extends "A \\"quoted\\"") (extends "Z")
    (property "Datasheet" "" (at 0 0 0)) (a (b (c (d (e (f (g (h (i deep))))))))))
  (symbol "C" (property "Value" "C")))
trailing text the parser never reads
'''


def parsed(text):
    tree = sexpr.parse(text)
    return {str(node[1]): kicad_sym._symbol(node) for node in sexpr.children(tree, "symbol")}


def test_the_scan_reads_what_the_parser_reads():
    scanned = symbol_scan.symbols(LIBRARY)

    assert scanned == parsed(LIBRARY)
    assert list(scanned) == ['A "quoted"', "B", "C"]  # and nothing after the library
    assert scanned['A "quoted"']["properties"] == {  # the read keys only; the last one wins
        "Description": '5" display, (DIP-8)', "Keywords": "bare",
        "Footprint": "Package_SO:SOIC-8_3.9x4.9mm_P1.27mm"}
    assert scanned['A "quoted"']["pins"] == {"1", "2"}  # a pin's first number only
    assert scanned["B"]["extends"] == 'A "quoted"'


@pytest.mark.parametrize("text", [
    '(kicad_symbol_lib (symbol "A" (property "Description")))',  # a read one without value
    '(kicad_symbol_lib (symbol (x)))',  # a symbol without a name
    '(kicad_symbol_lib (symbol "A" ("property" "K" "V")))',  # a head written as a string
    '(kicad_symbol_lib (symbol "A" (symbol "A_1_1" (pin ("number" "5") (number "1")))))',
    '(kicad_symbol_lib (symbol "A"',  # cut short
    '(kicad_symbol_lib (symbol "A\n))',  # an unterminated string
    '(other_lib (symbol "A"))',
    # a property holding lists deeper than the scan steps over
    '(kicad_symbol_lib (symbol "A" (property "K" "V" (a (b (c (d (e (f (g (h x)))))))))))',
    '(kicad_symbol_lib (symbol "A" (property "Datasheet" "V" (a (b (c (d (e (f (g (h x)))))))))))',
])
def test_shapes_it_does_not_know_are_left_to_the_parser(text):
    assert symbol_scan.symbols(text) is None
