"""manage.py import_foreign_parts: KiCad libraries and registrars' tables into ForeignPart."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from products.foreign import kicad5
from products.models import ForeignPart
from tests import factories

DATA = Path(__file__).parent / "data"
IC_PARAMETERS = [("supply_voltage_min", "number", "V"), ("supply_voltage_max", "number", "V"),
                 ("temp_min", "number", "°C"), ("temp_max", "number", "°C")]


@pytest.fixture
def categories(db):
    ics = factories.make_category(slug="integrated-circuits", parameters=IC_PARAMETERS)
    made = {"integrated-circuits": ics}
    for slug, parameters in {
        "microcontrollers": [("core", "choice", ""), ("clock_mhz", "number", "MHz"),
                             ("flash_kb", "number", "KB"), ("ram_kb", "number", "KB")],
        "logic": [("logic_family", "choice", ""), ("function", "text", "")],
        "analog": [("function", "text", "")],
        "power-management": [("function", "text", ""), ("output_voltage", "number", "V"),
                             ("output_current", "number", "A")],
    }.items():
        made[slug] = factories.make_category(slug=slug, parent=ics, parameters=parameters)
    return made


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_foreign_parts", *map(str, args), stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def part(number):
    return ForeignPart.objects.select_related("category").get(part_number=number)


def test_kicad5_documentation_with_its_library(categories):
    output = run(DATA / "MCU_ST_STM32F1.dcm", DATA / "Timer.dcm", DATA / "Timer.lib")

    stm = part("STM32F103C8Tx")
    assert stm.category == categories["microcontrollers"]
    assert stm.maker == "STMicroelectronics"
    assert (stm.package, stm.pin_count, stm.ordering_pattern) == ("LQFP-48", 48, "STM32F103C8Tx")
    # The supply range comes from the parent category; the GPIO count has no parameter there.
    assert stm.parameters == {"core": "Cortex-M3", "flash_kb": 64, "ram_kb": 20,
                              "clock_mhz": 72, "supply_voltage_min": 2,
                              "supply_voltage_max": 3.6}
    assert stm.source == "kicad:MCU_ST_STM32F1"
    assert stm.key_family  # keys are set as on save()
    assert part("STM32F100R4Hx").datasheet == ""  # KiCad's "~" is no link
    # The .lib gives the footprint and pins, and an alias without its own documentation.
    ne555 = part("NE555P")
    assert (ne555.package, ne555.pin_count, ne555.parameters) == ("DIP-8", 8,
                                                                  {"function": "timer"})
    assert part("ICM7555").description == ne555.description
    assert part("NE555D").package == "SOIC-8"
    assert "Timer.lib: read with its .dcm" in output
    # What could not be read is said, with the line.
    assert "MCU_ST_STM32F1.dcm:21: $CMP without a symbol name" in output
    assert "MCU_ST_STM32F1.dcm:25: symbol STM32F103CBTx has no $ENDCMP" in output
    assert not ForeignPart.objects.filter(part_number="STM32F103CBTx").exists()
    assert "8 created, 0 updated, 0 unchanged" in output


def test_kicad_sym_symbols_inherit_from_their_parent(categories):
    output = run(DATA / "74xx.kicad_sym", DATA / "Regulator_Linear.kicad_sym")

    hct = part("74HCT164")
    assert hct.category == categories["logic"]
    assert hct.description == "8-bit serial-in parallel-out shift register"  # ki_description
    assert hct.datasheet.endswith("74HC_HCT164.pdf")  # inherited: its own is empty
    assert hct.pin_count == 14  # the parent's pins
    assert hct.parameters["logic_family"] == "HCT"
    assert part("74HC595").description.startswith("8-bit serial in/out")  # KiCad 8 Description
    assert part("74LS00").package == "DIP-14"  # from the Footprint property
    lm317 = part("LM317_TO-220")
    assert (lm317.package, lm317.pin_count) == ("TO-220-3", 3)
    # KiCad's PART_PACKAGE name is keyed as the part: LM317T extends it, its family is 317.
    assert (lm317.key_skeleton, lm317.key_family) == ("LM317", "317")
    assert lm317.parameters == {"function": "adjustable positive linear regulator",
                                "output_current": 1.5, "supply_voltage_max": 35}
    assert part("L7812").parameters["output_voltage"] == 12
    assert part("L7812").pin_count == 3
    assert "symbol 74XX_BROKEN: extends 74HC999, which the library does not hold" in output


def test_a_second_import_changes_nothing_and_says_so(categories):
    files = [DATA / "74xx.kicad_sym", DATA / "MCU_ST_STM32F1.dcm", DATA / "registrar_parts.csv"]
    run(*files)
    stamps = dict(ForeignPart.objects.values_list("part_number", "updated_at"))

    output = run(*files)

    assert "Nothing changed" in output
    assert f"0 created, 0 updated, {len(stamps)} unchanged" in output
    assert dict(ForeignPart.objects.values_list("part_number", "updated_at")) == stamps


def test_a_changed_description_updates_only_that_part(categories, tmp_path):
    source = (DATA / "Timer.dcm").read_text()
    copy = tmp_path / "Timer.dcm"
    copy.write_text(source)
    run(copy)
    copy.write_text(source.replace("Precision Timers, 555 compatible, SOIC-8",
                                   "Precision Timers, 555 compatible, SOIC-8, 4.5-16V"))

    output = run(copy)

    assert "0 created, 1 updated, 1 unchanged" in output
    assert part("NE555D").parameters["supply_voltage_max"] == 16


def test_dry_run_writes_nothing(categories):
    output = run(DATA / "74xx.kicad_sym", "--dry-run")
    assert "Dry run: nothing was written." in output
    assert "4 created" in output
    assert not ForeignPart.objects.exists()


def test_registrar_table_in_cp1251_with_semicolons(categories):
    output = run(DATA / "registrar_parts.csv", "--source", "registrar:catalogue-2026")

    stm = part("STM32F103C8T6")
    assert stm.description == "Микроконтроллер ARM Cortex-M3, 72MHz"
    assert (stm.package, stm.pin_count) == ("LQFP-48", 48)
    # Columns win over the description; words go through the vocabulary.
    assert stm.parameters == {"core": "Cortex-M3", "flash_kb": 64, "clock_mhz": 72}
    assert stm.ordering_pattern == ""
    assert stm.source == "registrar:catalogue-2026"
    atmega = part("ATmega328P-PU")
    assert (atmega.package, atmega.pin_count) == ("DIP-28", 28)
    assert atmega.parameters == {"core": "AVR", "clock_mhz": 20, "flash_kb": 32, "ram_kb": 2}
    assert "column 'gpio_pins' is neither a field nor a parameter key; ignored" in output
    assert "registrar_parts.csv, row 4: no part number" in output
    assert "registrar_parts.csv, row 5: pins 'eight' is not a whole number" in output
    assert ForeignPart.objects.count() == 2


def test_xlsx_table(categories, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Part Number", "Maker", "Category", "Pins", "Description", "logic_family"])
    sheet.append(["SN74HC164N", "Texas Instruments", "logic", 14,
                  "8-bit serial-in parallel-out shift register, DIP-14", "74HC"])
    sheet.append(["CD4011BE", "Texas Instruments", "logic", None, "Quad Nand 2 inputs", None])
    path = tmp_path / "ti.xlsx"
    book.save(path)

    run(path)

    sn = part("SN74HC164N")
    assert (sn.maker, sn.category, sn.package, sn.pin_count) == (
        "Texas Instruments", categories["logic"], "DIP-14", 14)
    assert sn.parameters == {"logic_family": "HC",
                             "function": "8-bit serial-in parallel-out shift register"}
    assert part("CD4011BE").parameters["logic_family"] == "CD4000"
    assert part("CD4011BE").source == "xlsx:ti.xlsx"


def test_a_category_the_register_lacks_leaves_parts_without_one(categories, tmp_path):
    path = tmp_path / "Transistor_BJT.dcm"
    path.write_text("EESchema-DOCLIB  Version 2.0\n$CMP 2N3904\n"
                    "D 0.2A Ic, 40V Vce, Small Signal NPN Transistor, TO-92\n$ENDCMP\n")
    output = run(path)
    transistor = part("2N3904")
    assert transistor.category is None
    assert (transistor.package, transistor.pin_count) == ("TO-92", 3)
    assert transistor.parameters == {"polarity": "NPN", "vce_max": 40, "ic_max": 0.2}
    assert "category bipolar-transistors: not in the register; 1 part(s)" in output


@pytest.mark.parametrize(("name", "reason"), [
    ("NotALibrary.dcm", "not a KiCad 5 documentation file"),
    ("Broken.kicad_sym", "line 2: a string without its closing quote"),
    ("Timer.lib", "a KiCad 5 .lib is read beside its .dcm"),
    ("missing.csv", "no such file"),
])
def test_bad_files_get_a_clear_message_and_change_nothing(categories, name, reason):
    with pytest.raises(CommandError, match="No file could be read"):
        run(DATA / name)
    assert not ForeignPart.objects.exists()


def test_a_bad_file_beside_good_ones_is_reported_and_the_rest_imported(categories, tmp_path):
    undecodable = tmp_path / "Bad.dcm"
    undecodable.write_bytes(b"EESchema-DOCLIB  Version 2.0\n$CMP \xff\xfe\n$ENDCMP\n")
    output = run(undecodable, DATA / "NotALibrary.dcm", DATA / "Timer.dcm")
    assert "Bad.dcm: cannot be read: not UTF-8 text" in output
    assert "NotALibrary.dcm: cannot be read: not a KiCad 5 documentation file" in output
    assert ForeignPart.objects.filter(source="kicad:Timer").count() == 5  # with the .lib's aliases


def test_the_same_part_in_two_files_keeps_the_last_reading(categories, tmp_path):
    table = tmp_path / "override.csv"
    table.write_text("part_number,category,description\nNE555P,analog,Timer by a registrar\n")
    output = run(DATA / "Timer.dcm", table)
    assert "1 repeated part numbers" in output
    assert part("NE555P").description == "Timer by a registrar"


def test_a_library_with_windows_line_ends_or_cut_short_gives_the_same_symbols(tmp_path):
    text = (DATA / "Timer.lib").read_text(encoding="utf-8")
    expected = kicad5.read_lib(DATA / "Timer.lib")
    assert len(expected["NE555P"].pins) == 8
    assert expected["NE555P"].footprint == "Package_DIP:DIP-8_W7.62mm"
    assert expected["LM555xN"] is expected["NE555P"]  # an alias shares its symbol
    crlf = tmp_path / "Crlf.lib"
    crlf.write_bytes(text.replace("\n", "\r\n").encode())
    assert {name: (s.pins, s.footprint, s.names) for name, s in kicad5.read_lib(crlf).items()} \
        == {name: (s.pins, s.footprint, s.names) for name, s in expected.items()}
    # A symbol without its ENDDEF ends at the next DEF: its pins are not the next one's.
    cut = tmp_path / "Cut.lib"
    cut.write_text(text.replace("ENDDRAW\nENDDEF", "ENDDRAW", 1).replace(
        "#End Library", "DEF OTHER U 0 20 Y Y 1 F N\nX A 1 0 0 100 U 50 50 1 1 W\nENDDEF\n"
                        "#End Library"), encoding="utf-8")
    symbols = kicad5.read_lib(cut)
    assert len(symbols["NE555P"].pins) == 8
    assert symbols["OTHER"].pins == {"1"}


def test_parts_read_again_in_a_later_batch_are_counted_once_and_the_last_wins(categories,
                                                                               tmp_path):
    # More rows than one batch, so the repeats come after their first rows were stored.
    header = "part_number,category,description\n"
    (tmp_path / "first.csv").write_text(
        header + "TBL0001,analog,Amplifier A\nTBL0002,analog,Amplifier old\n"
                 "TBL0003,analog,Amplifier kept\n")
    run(tmp_path / "first.csv", "--source", "tables")
    rows = [f"TBL{n:04d},analog,Amplifier {'A' if n == 1 else n}" for n in range(6000)]
    rows += ["TBL0000,analog,Amplifier read again", "TBL0001,analog,Amplifier B",
             "TBL0002,analog,Amplifier newest", "TBL0003,analog,Amplifier kept"]
    (tmp_path / "big.csv").write_text(header + "\n".join(rows) + "\n")

    output = run(tmp_path / "big.csv", "--source", "tables")

    # TBL0000 is new either way; TBL0001 was unchanged until its second row changed it;
    # TBL0002 changed twice, once counted; TBL0003 changed and then changed back.
    assert "5997 created, 2 updated, 1 unchanged, 4 repeated part numbers" in output
    assert part("TBL0000").description == "Amplifier read again"
    assert part("TBL0001").description == "Amplifier B"
    assert part("TBL0002").description == "Amplifier newest"
    assert part("TBL0003").description == "Amplifier kept"
    assert "0 created, 0 updated, 6000 unchanged" in run(tmp_path / "big.csv", "--source", "tables")


def test_rows_imported_before_are_keyed_again_by_the_migration(categories):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "products.migrations.0013_kicad_package_names_keyed_as_their_part")
    ForeignPart.objects.bulk_create([ForeignPart(  # as keyed before: the whole name
        part_number="LM317_TO-220", source="kicad:Regulator_Linear", key_lookalike="LM317TO220",
        key_skeleton="LM317TO220", key_family="317TO220")])
    migration.rekey(apps, None)
    assert (part("LM317_TO-220").key_skeleton, part("LM317_TO-220").key_family) == (
        "LM317", "317")
