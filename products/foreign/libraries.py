"""What a KiCad library's name says about its parts: their category and their maker.

KiCad names libraries by kind and maker (MCU_ST_STM32F1, Regulator_Linear, 74xx), so the
name alone sorts a whole file into a category of the register. Slugs are those of the
register's category tree; a slug the database lacks leaves the part without a category.
"""

import re
from functools import lru_cache

# (pattern on the library name, category slug), first match wins: order from specific to general.
CATEGORY_RULES = [
    (r"^(74x|74xG|4x|CMOS_|Logic_|74xx|4xxx)", "logic"),
    (r"^MCU_", "microcontrollers"),
    (r"^(CPU|MPU)_?", "processors"),
    (r"^DSP_", "dsp"),
    (r"^FPGA_|^CPLD_", "fpga"),
    (r"^Memory_", "memory"),
    (r"^Analog_(ADC|DAC)", "data-converters"),
    (r"^(Regulator_|Reference_|Power_Management|Converter_|Battery_Management|Driver_LED)",
     "power-management"),
    (r"^(Interface|Isolator)", "interface"),
    (r"^(Amplifier_|Comparator|Timer|Analog|Sensor_Current|Filter|Oscillator)", "analog"),
    (r"^RF", "rf"),
    (r"^Transistor_BJT", "bipolar-transistors"),
    (r"^Transistor_FET", "mosfets"),
    (r"^Transistor_IGBT|^Transistor_Power_Module", "igbt-modules"),
    (r"^(Thyristor|Triac)", "thyristors"),
    (r"^Diode", "diodes"),
    (r"^LED", "leds"),
    (r"^(Optocoupler|Isolator_Opto)", "optocouplers"),
    (r"^Display", "displays"),
    (r"^Sensor_(Motion|Pressure|Humidity|Magnetic|Gas)", "mems-sensors"),
]
_CATEGORY_RULES = [(re.compile(pattern), slug) for pattern, slug in CATEGORY_RULES]

# Maker names as KiCad spells them after the kind prefix (MCU_ST_ → ST).
MAKERS = {
    "ST": "STMicroelectronics",
    "Microchip": "Microchip",
    "Atmel": "Microchip",
    "NXP": "NXP",
    "Nordic": "Nordic Semiconductor",
    "Texas": "Texas Instruments",
    "TI": "Texas Instruments",
    "SiliconLabs": "Silicon Labs",
    "Espressif": "Espressif",
    "Cypress": "Cypress",
    "Renesas": "Renesas",
    "Infineon": "Infineon",
    "AnalogDevices": "Analog Devices",
    "Maxim": "Maxim Integrated",
    "Intel": "Intel",
    "Xilinx": "Xilinx",
    "Altera": "Intel",
    "Lattice": "Lattice",
    "Dialog": "Dialog Semiconductor",
    "Holtek": "Holtek",
    "Puya": "Puya",
    "WCH": "WCH",
    "GigaDevice": "GigaDevice",
    "Nuvoton": "Nuvoton",
    "Parallax": "Parallax",
    "SiFive": "SiFive",
    "Raspberry": "Raspberry Pi",
}
_MAKER_IN_NAME = re.compile(r"^[A-Za-z]+_([A-Za-z]+)_")


# Both are asked once per part, with the name of the part's library: each name is read once.
@lru_cache(maxsize=1024)
def category_slug(library):
    """The register's category slug for a KiCad library name, or '' when none fits."""
    for pattern, slug in _CATEGORY_RULES:
        if pattern.search(library):
            return slug
    return ""


@lru_cache(maxsize=1024)
def maker(library):
    """The maker a library name names (MCU_ST_STM32F1 → STMicroelectronics), or ''."""
    match = _MAKER_IN_NAME.match(library)
    if match:
        return MAKERS.get(match.group(1), "")
    return ""
