"""Reading parts from the real descriptions of KiCad's symbol libraries (quoted as strings)."""

import pytest

from products import vocabulary
from products.foreign import descriptions, libraries, packages, sexpr
from products.foreign.records import ordering_pattern

# (library, symbol, description, keywords) as the KiCad 5 libraries write them.
REAL = {
    "STM32F103C8Tx": ("MCU_ST_STM32F1",
                      "ARM Cortex-M3 MCU, 64KB flash, 20KB RAM, 72MHz, 2-3.6V, 37 GPIO, LQFP-48",
                      "ARM Cortex-M3 STM32F1 STM32F103"),
    "ATmega328P-P": ("MCU_Microchip_ATmega", "20MHz, 32kB Flash, 2kB SRAM, 1kB EEPROM, DIP-28",
                     "AVR 8bit Microcontroller MegaAVR PicoPower"),
    "74HC164": ("74xx", "8-bit serial-in parallel-out shift register", "8-bit shift register"),
    "74LS00": ("74xx", "quad 2-input NAND gate", "TTL nand 2-input"),
    "74HC595": ("74xx", "8-bit serial in/out Shift Register 3-State Outputs", "HCMOS SR 3State"),
    "4011": ("4xxx", "Quad Nand 2 inputs", "CMOS Nand2"),
    "LM317_TO-220": ("Regulator_Linear", "1.5A 35V Adjustable Linear Regulator, TO-220",
                     "Adjustable Voltage Regulator 1A Positive"),
    "L7805": ("Regulator_Linear",
              "Positive 1.5A 35V Linear Regulator, Fixed Output 5V, TO-220/TO-263/TO-252",
              "Voltage Regulator 1.5A Positive"),
    "LM337_SOT223": ("Regulator_Linear", "Negative 1A 35V Adjustable Linear Regulator, SOT-223",
                     "Adjustable Voltage Regulator 1A Negative"),
    "LM1117-3.3": ("Regulator_Linear", "800mA Low-Dropout Linear Regulator, 3.3V fixed output, "
                   "TO-220/TO-252/TO-263/SOT-223", "linear regulator ldo fixed positive"),
    "TL431D": ("Reference_Voltage", "Shunt Regulator, SO-8", "diode device shunt regulator"),
    "NE555P": ("Timer", "Precision Timers, 555 compatible,  PDIP-8", "single timer 555"),
    "MAX232": ("Interface_UART", "Dual RS232 driver/receiver, 5V supply, 120kb/s, 0C-70C",
               "rs232 uart transceiver line-driver"),
    "IRF540N": ("Transistor_FET", "33A Id, 100V Vds, HEXFET N-Channel MOSFET, TO-220",
                "HEXFET N-Channel MOSFET"),
    "2N3904": ("Transistor_BJT", "0.2A Ic, 40V Vce, Small Signal NPN Transistor, TO-92",
               "NPN Transistor"),
    "BC547": ("Transistor_BJT", "0.1A Ic, 45V Vce, Small Signal NPN Transistor, TO-92",
              "NPN Transistor"),
    "AD620": ("Amplifier_Instrumentation",
              "Low Cost, Low Power, Instrumentation Amplifier, DIP-8/SOIC-8",
              "Instrumentation amplifier"),
    "LM358": ("Amplifier_Operational",
              "Low-Power, Dual Operational Amplifiers, DIP-8/SOIC-8/TO-99-8", "dual opamp"),
    "LM393": ("Comparator", "Low-Power, Low-Offset Voltage, Dual Comparators, "
              "DIP-8/SOIC-8/TO-99-8", "cmp open collector"),
    "24LC256": ("Memory_EEPROM", "I2C Serial EEPROM, 256Kb, DIP-8/SOIC-8/TSSOP-8/DFN-8",
                "I2C Serial EEPROM"),
    "CY62256-70PC": ("Memory_RAM", "256K (32K x 8) Static RAM, 70ns, DIP-28", ""),
    "IS61C5128AL-10KLI": ("Memory_RAM", "512K x 8 HIGH-SPEED CMOS STATIC RAM, 10ns, SOJ-36",
                          "SRAM MEMORY"),
    "W25Q128JVS": ("Memory_Flash", "128Mb Serial Flash Memory, Standard/Dual/Quad SPI, SOIC-8",
                   "flash memory SPI QPI DTR"),
    "MCP3008": ("Analog_ADC", "A/D Converter, 10-Bit, 8-Channel, SPI Interface , 2.7V-5.5V",
                "12bit ADC Reference Single Supply SPI 8CH"),
    "ADS1115IDGS": ("Analog_ADC", "Ultra-Small, Low-Power, I2C-Compatible, 860-SPS, 16-Bit ADCs "
                    "With Internal Reference, Oscillator, and Programmable Comparator, VSSOP-10",
                    "16 bit 4 channel I2C ADC"),
    "1N4148": ("Diode", "100V 0.15A standard switching diode, DO-35", "diode"),
}

EXPECTED = {
    "STM32F103C8Tx": {"core": "Cortex-M3", "flash_kb": 64, "ram_kb": 20, "clock_mhz": 72,
                      "supply_voltage_min": 2, "supply_voltage_max": 3.6, "gpio_count": 37},
    "ATmega328P-P": {"core": "AVR", "clock_mhz": 20, "flash_kb": 32, "ram_kb": 2},
    "74HC164": {"logic_family": "HC", "function": "8-bit serial-in parallel-out shift register"},
    "74LS00": {"logic_family": "LS", "function": "quad 2-input NAND gate"},
    "74HC595": {"logic_family": "HC",
                "function": "8-bit serial in/out Shift Register 3-State Outputs"},
    "4011": {"logic_family": "CD4000", "function": "quad Nand 2 inputs"},
    "LM317_TO-220": {"function": "adjustable positive linear regulator", "output_current": 1.5,
                     "supply_voltage_max": 35},
    "L7805": {"function": "fixed positive linear regulator", "output_voltage": 5,
              "output_current": 1.5, "supply_voltage_max": 35},
    "LM337_SOT223": {"function": "adjustable negative linear regulator", "output_current": 1,
                     "supply_voltage_max": 35},
    "LM1117-3.3": {"function": "fixed positive low-dropout linear regulator",
                   "output_voltage": 3.3, "output_current": 0.8},
    "TL431D": {"function": "shunt regulator"},
    "NE555P": {"function": "timer"},
    "MAX232": {"interface_standard": "RS-232", "supply_voltage_min": 5, "supply_voltage_max": 5,
               "temp_min": 0, "temp_max": 70},
    "IRF540N": {"channel": "N", "vds_max": 100, "id_max": 33},
    "2N3904": {"polarity": "NPN", "vce_max": 40, "ic_max": 0.2},
    "BC547": {"polarity": "NPN", "vce_max": 45, "ic_max": 0.1},
    "AD620": {"function": "instrumentation amplifier"},
    "LM358": {"function": "dual operational amplifier"},
    "LM393": {"function": "dual comparator"},
    "24LC256": {"memory_type": "EEPROM", "capacity_kbit": 256},
    "CY62256-70PC": {"memory_type": "SRAM", "capacity_kbit": 256},
    "IS61C5128AL-10KLI": {"memory_type": "SRAM", "capacity_kbit": 4096},
    "W25Q128JVS": {"memory_type": "Flash", "capacity_kbit": 131072},
    "MCP3008": {"resolution_bits": 10, "supply_voltage_min": 2.7, "supply_voltage_max": 5.5},
    "ADS1115IDGS": {"resolution_bits": 16, "sample_rate_msps": 0.00086},
    "1N4148": {"diode_type": "switching", "reverse_voltage_max": 100,
               "forward_current_max": 0.15},
}


@pytest.mark.parametrize("symbol", sorted(REAL))
def test_real_descriptions_give_the_parameters_they_state(symbol):
    library, description, keywords = REAL[symbol]
    category = libraries.category_slug(library)
    assert descriptions.parameters(category, description, symbol, keywords, library) == \
        EXPECTED[symbol]


@pytest.mark.parametrize(("library", "slug", "maker"), [
    ("MCU_ST_STM32F1", "microcontrollers", "STMicroelectronics"),
    ("MCU_Microchip_ATmega", "microcontrollers", "Microchip"),
    ("74xx", "logic", ""), ("74xGxx", "logic", ""), ("4xxx", "logic", ""),
    ("Regulator_Linear", "power-management", ""), ("Reference_Voltage", "power-management", ""),
    ("Timer", "analog", ""), ("Amplifier_Operational", "analog", ""), ("Comparator", "analog", ""),
    ("Interface_UART", "interface", ""), ("Memory_EEPROM", "memory", ""),
    ("Memory_RAM", "memory", ""), ("Transistor_BJT", "bipolar-transistors", ""),
    ("Transistor_FET", "mosfets", ""), ("Diode", "diodes", ""),
    ("Analog_ADC", "data-converters", ""), ("Connector_Generic", "", ""),
])
def test_library_names_give_category_and_maker(library, slug, maker):
    assert (libraries.category_slug(library), libraries.maker(library)) == (slug, maker)


@pytest.mark.parametrize(("text", "expected"), [
    ("ARM Cortex-M3 MCU, 64KB flash, 20KB RAM, 72MHz, 2-3.6V, 37 GPIO, LQFP-48", ("LQFP-48", 48)),
    ("Precision Timers, 555 compatible,  PDIP-8", ("DIP-8", 8)),
    ("Shunt Regulator, SO-8", ("SOIC-8", 8)),
    ("0.2A Ic, 40V Vce, Small Signal NPN Transistor, TO-92", ("TO-92", 3)),
    ("512K x 8 HIGH-SPEED CMOS STATIC RAM, 10ns, TSOP II-44", ("TSOP-II-44", 44)),
    ("100V 0.15A standard switching diode, DO-35", ("DO-35", 2)),
    # Several packages: which one is unknown, but they agree on the pins.
    ("Low-Power, Dual Operational Amplifiers, DIP-8/SOIC-8/TO-99-8", ("", 8)),
    ("Positive 1.5A 35V Linear Regulator, Fixed Output 5V, TO-220/TO-263/TO-252", ("", None)),
    ("8-bit serial-in parallel-out shift register", ("", None)),
])
def test_package_and_pins_from_descriptions(text, expected):
    assert packages.from_description(text) == expected


def test_package_and_pins_from_footprints():
    assert packages.from_footprint("Package_TO_SOT_THT:TO-220-3_Vertical") == ("TO-220-3", 3)
    assert packages.from_footprint("Package_QFP:LQFP-48_7x7mm_P0.5mm") == ("LQFP-48", 48)
    assert packages.from_footprint("Package_DIP:DIP-14_W7.62mm") == ("DIP-14", 14)
    assert packages.from_footprint("Connector:Banana_Jack_1Pin") == ("", None)


@pytest.mark.parametrize(("name", "pattern"), [
    ("STM32F103C8Tx", "STM32F103C8Tx"), ("93AAxxA", "93AAxxA"), ("BZX384-xxx", "BZX384-xxx"),
    ("ATmega328P-P", ""), ("74HC164", ""), ("LM317_TO-220", ""),
])
def test_ordering_patterns_are_names_with_a_lowercase_x(name, pattern):
    assert ordering_pattern(name) == pattern


@pytest.mark.parametrize(("key", "value", "expected"), [
    ("core", "ARM Cortex-M3", "Cortex-M3"), ("core", "CM3", "Cortex-M3"),
    ("core", "cortex m3", "Cortex-M3"), ("core", "RISC-V SCR1 (RV32IMC)", "RISC-V"),
    ("logic_family", "74HCT", "HCT"), ("logic_family", "74HC (КР1564)", "HC"),
    ("logic_family", "CD4000B", "CD4000"), ("memory_type", "Flash (SPI)", "Flash"),
    ("interface_standard", "RS232", "RS-232"), ("package", "PDIP-8", "DIP-8"),
    ("package", "SO-8", "SOIC-8"), ("core", "Elbrus", "Elbrus"), ("clock_mhz", 72, 72),
])
def test_vocabulary_gives_one_spelling(key, value, expected):
    assert vocabulary.canonical(key, value) == expected


def test_vocabulary_compares_synonyms():
    assert vocabulary.same("core", "ARM Cortex-M3", "CM3")
    assert not vocabulary.same("core", "Cortex-M3", "Cortex-M0")
    assert not vocabulary.same("core", None, "Cortex-M3")


def test_sexpr_reads_strings_with_escapes_and_nested_lists():
    tree = sexpr.parse('(lib (symbol "a \\"quoted\\" \\\\ name" (pin (number "1"))) "")')
    assert tree == ["lib", ["symbol", 'a "quoted" \\ name', ["pin", ["number", "1"]]], ""]
    assert sexpr.children(tree, "symbol")[0][1] == 'a "quoted" \\ name'


@pytest.mark.parametrize(("text", "line"), [
    ('(lib\n (symbol "x"', 2), ('(lib\n\n (symbol "x)', 3), (') (lib)', 1), ("", 1),
    ("lib (x)", 1),
])
def test_sexpr_says_where_a_malformed_file_breaks(text, line):
    with pytest.raises(sexpr.SexprError) as error:
        sexpr.parse(text)
    assert error.value.line == line
