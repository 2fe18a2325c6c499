"""The columns of a catalogue file: what each holds, the headers it is known by (Russian,
English, or the field's own name), and the template a manufacturer fills in."""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import get_language
from openpyxl import Workbook


@dataclass(frozen=True)
class Column:
    name: str  # the field of the proposal it fills
    ru: str
    en: str
    required: bool = False
    example: str = ""

    @property
    def label(self):
        """The header in the language of the page (Russian for Russian and Belarusian)."""
        return self.en if (get_language() or "ru").startswith("en") else self.ru

    def headers(self):
        return {_fold(self.name), _fold(self.ru), _fold(self.en)}


def _fold(text):
    return " ".join(str(text).replace("\ufeff", "").split()).casefold()


# Lists inside a cell: items separated by ";", an analog's parts by "|".
LIST_SEPARATOR = ";"
PART_SEPARATOR = "|"

COLUMNS = (
    Column("part_number", "Обозначение", "Part number", True, "IN74HC00AN"),
    Column("name_ru", "Наименование (рус.)", "Name (Russian)", True,
           "Микросхема IN74HC (КР1564): четыре логических элемента 2И-НЕ"),
    Column("name_en", "Наименование (англ.)", "Name (English)", False,
           "IN74HC (КР1564) logic IC: quad 2-input NAND gate"),
    Column("name_be", "Наименование (бел.)", "Name (Belarusian)"),
    Column("description_ru", "Описание (рус.)", "Description (Russian)"),
    Column("description_en", "Описание (англ.)", "Description (English)"),
    Column("category", "Категория", "Category", True, "logic"),
    Column("package", "Корпус", "Package", False, "DIP14"),
    Column("tnved_code", "Код ТН ВЭД ЕАЭС", "TN VED EAEU code", False, "8542399000"),
    Column("okpd2_code", "Код ОКПД2 / ОКРБ", "OKPD2 / OKRB code", False, "26.11.30"),
    Column("origin_document_kind", "Документ о происхождении", "Origin document", False,
           "certificate"),
    Column("origin_document_number", "Номер документа о происхождении",
           "Origin document number", False, "BY/112 02.01. 033 00123"),
    Column("origin_document_date", "Дата документа о происхождении", "Origin document date",
           False, "2026-01-15"),
    Column("origin_document_valid_until", "Документ о происхождении действует до",
           "Origin document valid until", False, "2027-01-14"),
    Column("parameters", "Параметры", "Parameters", False,
           "supply_voltage_min=2; supply_voltage_max=6"),
    Column("aliases", "Другие обозначения", "Other spellings", False, "КР1564ЛА3; IN74HC00"),
    Column("analogs", "Зарубежные аналоги", "Foreign analogs", False,
           "SN74HC00N|Texas Instruments|pin_to_pin|"),
)
BY_NAME = {column.name: column for column in COLUMNS}
REQUIRED = [column.name for column in COLUMNS if column.required]


def match_header(cells):
    """({column name: index}, [unknown headers]) of a header row."""
    found, unknown = {}, []
    for index, cell in enumerate(cells):
        text = _fold(cell or "")
        if not text:
            continue
        column = next((c for c in COLUMNS if text in c.headers()), None)
        if column is None:
            unknown.append(str(cell))
        else:
            found.setdefault(column.name, index)
    return found, unknown


def header_labels(language):
    return [column.ru if language == "ru" else column.en for column in COLUMNS]


def example_row():
    return [column.example for column in COLUMNS]


def template_csv(language):
    """The template as UTF-8 CSV (with the byte-order mark Excel needs to read it so)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header_labels(language))
    writer.writerow(example_row())
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(language):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "catalogue"
    sheet.append(header_labels(language))
    sheet.append(example_row())
    for index, column in enumerate(COLUMNS):
        sheet.column_dimensions[sheet.cell(row=1, column=index + 1).column_letter].width = \
            max(14, min(40, len(column.example) + 2))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
