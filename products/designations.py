"""What a line of a bill of materials names, read from the text a person or a CAD tool wrote.

A ГОСТ 2.701 parts list names a part as "Микросхема К1533ЛА3 бКО.347.364 ТУ": the kind of
product, the designation, then the document it is supplied under. Only the designation is
looked up, so the kind words in front and the specification reference behind fall away.
Whether a cell looks like a part number at all decides which column of a table is read.
"""

import re

# Leading words that say what kind of product follows (matched by their start, so that
# plurals and adjectives agree: "Диодная сборка", "Кварцевый резонатор", "Резисторы").
KIND_STEMS = (
    "микросхем", "микросборк", "транзистор", "диод", "стабилитрон", "стабистор", "резистор",
    "терморезистор", "термистор", "варистор", "конденсатор", "резонатор", "кварц", "дроссел",
    "индуктивност", "катушк", "светодиод", "оптопар", "оптрон", "реле", "вилк", "розетк",
    "разъ", "соединител", "предохранител", "тиристор", "симистор", "трансформатор", "кнопк",
    "переключател", "выключател", "индикатор", "сборк", "генератор", "фильтр", "датчик",
    "модул", "чип", "шоттки", "полев", "биполяр", "импульсн", "выпрямительн",
    "ic", "chip", "resistor", "capacitor", "transistor", "mosfet", "diode", "zener", "crystal",
    "oscillator", "inductor", "led", "connector", "fuse", "relay", "module",
)
# Tokens that start the reference to the document a part is supplied under.
_SPEC_WORD = re.compile(r"^(?:ТУ|ГОСТ|ОСТ|TU|GOST|ТУ\d|ГОСТ\d|ОСТ\d)", re.IGNORECASE)
# A document code: letters (a digit may end them), then groups of digits separated by dots:
# бКО.347.364, АЕЯР.431200.143-06, аА0.339.190, ОЖ0.467.093ТУ.
_DOCUMENT_CODE = re.compile(r"^[A-Za-zА-Яа-яЁё]{1,6}\d{0,2}\.\d{2,6}\.\d{2,4}")
# A maker or a remark after the designation: "SN74HC164N, TI", "SN74HC164N (Texas)".
_REMARK = re.compile(r"(?:,\s+|\s+\(|\s+-\s+|\s+—\s+).*$")

# A value of a passive part (10k, 4k7, 100nF, 0,1 мкФ, 1 кОм ±5%): letters and digits, yet
# no part number. Unit letters are case-sensitive so that 2N3904 and 1N4148 stay part numbers.
_PASSIVE_VALUE = re.compile(
    r"^\d+(?:[.,]\d+)?\s*(?:[pnuµmkKMGR]|мк|н|п|к|М|м)?"
    r"(?:F|H|Hz|V|W|A|Ω|R|ohm|Ohm|Ф|Гн|Ом|В|Вт|А|Гц)?\d*"
    r"(?:\s*(?:±|/|%).*)?$")
# A position designator or a list of them: DD1, R1-R4, C1, C2, C5, VT1…VT3.
_DESIGNATOR = re.compile(
    r"^[A-ZА-ЯЁ]{1,3}\d{1,4}(?:\s*(?:[-,;]|\.\.\.|…)\s*[A-ZА-ЯЁ]{0,3}\d{1,4})*$")
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")


def designation_of(name):
    """The designation inside a parts-list name; the text itself when it holds nothing else.

    "Микросхема К1533ЛА3 бКО.347.364 ТУ" → "К1533ЛА3"; "Резистор С2-33Н-0,25-1 кОм ±5%"
    → "С2-33Н-0,25-1 кОм ±5%" (a resistor's designation includes its value).
    """
    text = " ".join(str(name or "").split())
    tokens = text.split(" ")
    start = 0
    while start < len(tokens) - 1 and _is_kind_word(tokens[start]):
        start += 1
    kept = []
    for token in tokens[start:]:
        if kept and _starts_specification(token):
            break
        kept.append(token)
    designation = _REMARK.sub("", " ".join(kept)).strip()
    return designation or text


def _is_kind_word(token):
    word = token.casefold().strip(".,:;")
    return not _DIGIT.search(word) and word.startswith(KIND_STEMS)


def _starts_specification(token):
    return bool(_SPEC_WORD.match(token) or _DOCUMENT_CODE.match(token))


def looks_like_part_number(cell):
    """Letters and digits, 4 to 30 characters, at most two spaces; not a value, not a
    position designator, not a CAD library reference (Package_DIP:DIP-14)."""
    text = designation_of(cell)
    if not 4 <= len(text) <= 30 or text.count(" ") > 2 or ":" in text:
        return False
    if not (_LETTER.search(text) and _DIGIT.search(text)):
        return False
    return not (_PASSIVE_VALUE.match(text) or looks_like_designator(text))


def looks_like_designator(cell):
    return bool(_DESIGNATOR.match(" ".join(str(cell or "").split())))


def is_section_title(part, quantity):
    """A group heading of a parts list ("Микросхемы", "Резисторы"): words without a digit
    and no quantity. It is a title, not a part."""
    return bool(part) and not _DIGIT.search(part) and not str(quantity or "").strip()
