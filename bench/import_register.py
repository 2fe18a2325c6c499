"""Speed of staging a national register's file (`manage.py import_register` without --apply):
generates a GISP-format CSV of synthetic rows, stages it (read, map, validate every row with
the models' validation, match makers, compare with the register) and prints the time, the rows
per second and the peak memory.

    .venv/bin/python bench/import_register.py [--rows 100000] [--xlsx]

Rows name the four makers whose INN and OGRN the shared reference data gives, with synthetic
part numbers. Nothing is written: the category the rows need is created in a transaction that
is rolled back.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from products.models import Category  # noqa: E402
from registry.registers import formats, reading, staging  # noqa: E402

HEADER = ("Реестровый номер;Дата внесения в реестр;Срок действия;Наименование организации;ИНН;"
          "ОГРН;Адрес;Наименование продукции;ОКПД2;ТН ВЭД ЕАЭС;Изготовлена по;"
          "Номер заключения;Дата заключения")
MAKERS = [
    ("АО «Микрон»", "7735007358", "1027700073466", "К1948ВК"),
    ("АО «НИИЭТ»", "3661057900", "1123668048789", "К1921ВК"),
    ("АО «Группа Кремний ЭЛ»", "3234043140", "1023202741781", "КТ"),
    ("АО «НПП «Завод Искра»", "7325081527", "1087325005756", "2Т"),
]


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER + "\n")
        for n in range(rows):
            name, inn, ogrn, prefix = MAKERS[n % len(MAKERS)]
            handle.write(f"{20000000 + n};15.03.2024;15.03.2029;{name};{inn};{ogrn};;"
                         f"Изделие электронной техники {prefix}{n:06d}А;26.11.30;;;"
                         f"{n}/2024;01.03.2024\n")


def write_xlsx(csv_path, path):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    with open(csv_path, encoding="utf-8") as handle:
        for line in handle:
            sheet.append(line.rstrip("\n").split(";"))
    workbook.save(path)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--xlsx", action="store_true")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "gisp.csv"
        write_csv(path, options.rows)
        if options.xlsx:
            write_xlsx(path, Path(folder) / "gisp.xlsx")
            path = Path(folder) / "gisp.xlsx"
        size = path.stat().st_size
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with transaction.atomic():
            Category.objects.get_or_create(
                slug="integrated-circuits",
                defaults={"name_ru": "Интегральные микросхемы", "name_en": "Integrated circuits"})
            fmt = formats.load("gisp")
            started = time.monotonic()
            opened = reading.open_register(path, fmt.delimiter, fmt.header_names())
            staged = staging.stage(opened, fmt, None, progress=staging.print_progress())
            seconds = time.monotonic() - started
            staged.close()
            transaction.set_rollback(True)
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{path.suffix[1:]}: {staged.rows} rows ({size / 2**20:.1f} MB) staged and validated "
          f"in {seconds:.1f} s ({staged.rows / seconds:,.0f} rows/s); added "
          f"{staged.counts['added']}, errors {staged.counts['error']}; peak RSS "
          f"{rss_after / 1024:.0f} MB (before staging {rss_before / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
