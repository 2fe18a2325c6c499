"""The catalogue fixture and its corrections, shared by the portal's and the workflow's tests."""

import csv
import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from registry.demo.loader import Summary, load_categories

FIXTURE = Path(__file__).parent / "data" / "integral-catalogue.csv"
# The five deliberate errors of the fixture: line → (column header, the correct value).
ERRORS = {
    11: ("Код ТН ВЭД ЕАЭС", ""),
    41: ("Категория", "logic"),
    81: ("Обозначение", "IN74AC32D"),
    121: ("Наименование (рус.)", "Микросхема КР1533: счётчик"),
    161: ("Дата документа о происхождении", "2026-02-27"),
}


def demo_categories():
    load_categories(Summary())


def fixture_bytes():
    return FIXTURE.read_bytes()


def corrected_bytes(encoding="utf-8"):
    """The fixture with its five errors put right."""
    rows = list(csv.reader(io.StringIO(FIXTURE.read_text(encoding="utf-8"))))
    header = rows[0]
    for line, (column, value) in ERRORS.items():
        rows[line - 1][header.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode(encoding)


def upload(content, name="catalogue.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")
