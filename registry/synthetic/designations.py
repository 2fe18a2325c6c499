"""The grammar of the designations the synthetic register invents.

Russian integrated circuits follow [prefix][series][function letters][number][grade][package]
(К1986ВЕ92QI, КР1564ИР8); Belarusian catalogue parts are written in Latin (IN74HC164AN);
discretes carry their class letters (КТ3102А); equipment has a model number (ЭМ-5189).
Foreign analogs come from the usual Western families (74HC164, STM32F103, LM317, IRF540).
"""

IC_PREFIXES = ["К", "КР", "КМ", "ЭК", "", "", "5", "Н"]
IC_FUNCTIONS = {
    "microcontrollers": ["ВЕ", "ВК", "ВГ"],
    "processors": ["ВМ", "ВА", "ВЯ"],
    "dsp": ["ВМ", "ВЯ"],
    "fpga": ["ТС", "ХЛ"],
    "memory": ["РУ", "РЕ", "РТ", "РФ", "РР"],
    "logic": ["ЛА", "ЛИ", "ЛЛ", "ЛН", "ТМ", "ТЛ", "ИР", "ИД", "ИЕ", "КП", "АП"],
    "analog": ["УД", "УН", "СА", "ВИ", "ХА"],
    "data-converters": ["ПВ", "ПА"],
    "power-management": ["ЕН", "ЕУ", "ЕР", "ЕК"],
    "interface": ["ИН", "ВА", "ЛП"],
    "rf": ["ХК", "УВ", "ПС"],
}
GRADES = ["", "", "А", "Б", "В", "Т", "У"]
PACKAGES_SUFFIX = ["", "", "QI", "Т", "Я", "Н4", "FI", "GI", "У"]
LATIN_FAMILIES = ["HC", "HCT", "AC", "ACT", "LV", "LVC"]
LATIN_SUFFIXES = ["AN", "N", "D", "DW", "AD", "ADW"]
DISCRETE_CLASSES = {
    "diodes": ["КД", "2Д", "КС", "2С"],
    "bipolar-transistors": ["КТ", "2Т"],
    "mosfets": ["КП", "2П"],
    "thyristors": ["КУ", "2У", "ТС"],
    "igbt-modules": ["МТКИ", "МДТКИ"],
}
EQUIPMENT_PREFIXES = ["ЭМ-", "ОМ-", "УСБ-", "ЭТ-"]
# Packages as catalogues write them, domestic codes among them (ГОСТ 17467), so the
# substitution engine has packages and pin counts to compare; "" where none is stated.
IC_PACKAGES = ["DIP-14", "DIP-16", "SOIC-8", "SOIC-14", "SOIC-16", "TSSOP-20", "LQFP-48",
               "LQFP-64", "QFN-32", "201.14-1", "2101.8-1", "4153.20-6", ""]
DISCRETE_PACKAGES = ["TO-92", "TO-220", "SOT-23", "КТ-28", "КТ-26", "TO-247", ""]

FOREIGN = {
    "microcontrollers": ["STM32F{n}", "ATMEGA{n}", "PIC18F{n}", "MSP430F{n}", "LPC{n}"],
    "processors": ["AM{n}", "IMX{n}", "MPC{n}"],
    "dsp": ["TMS320C{n}", "ADSP{n}"],
    "fpga": ["XC{n}", "EP{n}"],
    "memory": ["CY7C{n}", "AT28C{n}", "IS61C{n}", "M27C{n}"],
    "logic": ["74HC{n}", "74AC{n}", "74LS{n}", "CD40{n}"],
    "analog": ["LM{n}", "NE{n}", "TL{n}", "OP{n}"],
    "data-converters": ["AD{n}", "ADS{n}"],
    "power-management": ["LM{n}", "L78{n}", "MC34{n}", "TPS{n}"],
    "interface": ["MAX{n}", "SN75{n}", "ADM{n}"],
    "rf": ["HMC{n}", "ADF{n}"],
    "diodes": ["1N{n}", "BZX55C{n}", "BAT{n}"],
    "bipolar-transistors": ["BC{n}", "BD{n}", "2N{n}", "TIP{n}"],
    "mosfets": ["IRF{n}", "IRLZ{n}", "BSS{n}"],
    "thyristors": ["BT{n}", "TYN{n}"],
    "igbt-modules": ["FF{n}R12KE3", "SKM{n}GB12T4"],
}
FOREIGN_MAKERS = ["Texas Instruments", "STMicroelectronics", "Analog Devices", "NXP",
                  "Microchip", "Infineon", "onsemi", "Renesas", "Nexperia", "Vishay", ""]
FOREIGN_PREFIX = ["", "", "SN", "CD", "MC"]
FOREIGN_SUFFIX = ["", "", "N", "D", "DR", "PW", "T"]


def integrated_circuit(rng, category):
    functions = IC_FUNCTIONS.get(category, ["ХЛ"])
    return (rng.choice(IC_PREFIXES) + str(rng.randint(1000, 5599)) + rng.choice(functions)
            + str(rng.randint(1, 299)) + rng.choice(GRADES) + rng.choice(PACKAGES_SUFFIX))


def belarusian_logic(rng):
    return (rng.choice(["IN74", "IW74", "IZ74"]) + rng.choice(LATIN_FAMILIES)
            + str(rng.randint(0, 699)) + rng.choice(LATIN_SUFFIXES))


def discrete(rng, category):
    return (rng.choice(DISCRETE_CLASSES[category]) + str(rng.randint(100, 9999))
            + rng.choice(["А", "Б", "В", "Г", "Д", "А9", "Б1"]))


def equipment(rng):
    return rng.choice(EQUIPMENT_PREFIXES) + str(rng.randint(1000, 9999))


def designation(rng, category):
    if category in DISCRETE_CLASSES:
        return discrete(rng, category)
    if category in IC_FUNCTIONS:
        if category == "logic" and rng.random() < 0.3:
            return belarusian_logic(rng)
        return integrated_circuit(rng, category)
    return equipment(rng)


def package(rng, category):
    if category in DISCRETE_CLASSES:
        return rng.choice(DISCRETE_PACKAGES)
    if category in IC_FUNCTIONS:
        return rng.choice(IC_PACKAGES)
    return ""


def foreign_analog(rng, category):
    patterns = FOREIGN.get(category)
    if not patterns:
        return None
    core = rng.choice(patterns).format(n=rng.randint(10, 999))
    return rng.choice(FOREIGN_PREFIX) + core + rng.choice(FOREIGN_SUFFIX)


def latin_alias(part_number):
    """How catalogues write a Cyrillic designation in look-alike Latin letters."""
    return part_number.translate(str.maketrans("АВЕКМНОРСТХУ", "ABEKMHOPCTXY"))
