"""Cross-reference tables as a manufacturer sends them, for tests: CSV text in any encoding
and delimiter, or an XLSX workbook."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

HEADER_RU = ["Тип", "Зарубежный аналог", "Совместимость", "Примечание"]
HEADER_EN = ["Domestic part", "Foreign part", "Compatibility", "Note"]


def csv_bytes(rows, delimiter=";", encoding="utf-8"):
    return "\r\n".join(delimiter.join(row) for row in rows).encode(encoding)


def xlsx_bytes(rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_file(rows, name="analogs.csv", **options):
    content = xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows, **options)
    return SimpleUploadedFile(name, content)
