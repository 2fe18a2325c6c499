"""Speed of `import_foreign_parts`: generates a CSV table and a .kicad_sym library of
synthetic foreign parts, imports them twice (the second run must change nothing) and prints
parts per second.

    DATABASE_URL=postgres://…/bench .venv/bin/python bench/foreign_parts.py [--rows 100000]

The parts are written to the database named by DATABASE_URL and removed at the end.

With --reference, it writes instead the reference catalogue the substitution benchmark
runs on, and keeps it: parts of the synthetic register's foreign families (74HC164N,
STM32F103…, the families `generate_register` declares as analogs) and of families no entry
declares, each with the category and parameters of the register's entries, so that the
engine's parametric search has real work:

    DATABASE_URL=… .venv/bin/python bench/foreign_parts.py --reference [--rows 100000]
"""

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from products.models import ForeignPart  # noqa: E402
from registry.synthetic import designations  # noqa: E402
from registry.synthetic.load import category_infos  # noqa: E402
from registry.synthetic.values import value_for  # noqa: E402

PREFIX = "BENCHFP"
PACKAGES = ["LQFP-48", "LQFP-64", "TSSOP-20", "QFN-32", "SOIC-8", "DIP-28"]
CORES = ["Cortex-M0", "Cortex-M3", "Cortex-M4", "RISC-V"]


def mcu_description(rng):
    package = rng.choice(PACKAGES)
    return (f"ARM {rng.choice(CORES)} MCU, {rng.choice([16, 32, 64, 128, 256])}KB flash, "
            f"{rng.choice([4, 8, 20, 32])}KB RAM, {rng.choice([24, 48, 72, 120])}MHz, 2-3.6V, "
            f"{rng.randint(10, 80)} GPIO, {package}")


def write_csv(path, rows, rng):
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("part_number,maker,category,package,pins,description,datasheet,clock_mhz\n")
        for n in range(rows):
            description = mcu_description(rng)
            out.write(f"{PREFIX}{n:06d}C8T6,Bench Semiconductor,microcontrollers,,,"
                      f"\"{description}\",https://example.org/ds/{n}.pdf,\n")


def write_kicad_sym(path, rows, rng):
    with path.open("w", encoding="utf-8") as out:
        out.write("(kicad_symbol_lib (version 20231120) (generator bench)\n")
        for n in range(rows):
            name = f"{PREFIX}K{n:06d}Tx"
            out.write(
                f'  (symbol "{name}" (in_bom yes) (on_board yes)\n'
                f'    (property "Reference" "U" (at 0 0 0))\n'
                f'    (property "Value" "{name}" (at 0 0 0))\n'
                f'    (property "Footprint" "Package_QFP:LQFP-48_7x7mm_P0.5mm" (at 0 0 0))\n'
                f'    (property "Datasheet" "https://example.org/k/{n}.pdf" (at 0 0 0))\n'
                f'    (property "Description" "{mcu_description(rng)}" (at 0 0 0))\n'
                f'    (property "ki_keywords" "ARM Cortex MCU" (at 0 0 0))\n'
                f'    (symbol "{name}_1_1"\n'
                f'      (pin input line (at 0 0 0) (length 2.54) (name "PA0") (number "1"))\n'
                f'      (pin input line (at 0 0 0) (length 2.54) (name "PA1") (number "2"))))\n')
        out.write(")\n")


# Share of reference parts in the families the synthetic register declares as analogs
# (numbers 10–999 of designations.FOREIGN); the rest have numbers no entry declares.
DECLARED_SHARE = 0.7
REFERENCE_SOURCE = "reference_parts.csv"


def write_reference_csv(path, rows, rng):
    """A table of `rows` foreign parts of the register's categories and families."""
    categories = [c for c in category_infos() if c.slug in designations.FOREIGN]
    keys = sorted({key for c in categories for _pk, key, _kind, _unit in c.templates})
    seen = set()
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(["part_number", "maker", "category", "package", "description",
                            *keys]) + "\n")
        while len(seen) < rows:
            category = categories[rng.randrange(len(categories))]
            number = rng.randint(10, 999) if rng.random() < DECLARED_SHARE \
                else rng.randint(1000, 9999)
            part = (rng.choice(designations.FOREIGN_PREFIX)
                    + rng.choice(designations.FOREIGN[category.slug]).format(n=number)
                    + rng.choice(designations.FOREIGN_SUFFIX))
            if part in seen:
                continue
            seen.add(part)
            values = {key: value_for(rng, key, kind) for _pk, key, kind, _unit in category.templates
                      if rng.random() < 0.8}
            package = designations.package(rng, category.slug)
            out.write(",".join([
                part, rng.choice(designations.FOREIGN_MAKERS), category.slug, package,
                f"\"{category.name_en}, {package or 'package not stated'}\"",
                *(f"\"{values[key]}\"" if values.get(key) is not None else "" for key in keys),
            ]) + "\n")


def import_reference(rows):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / REFERENCE_SOURCE
        write_reference_csv(path, rows, random.Random(12))
        seconds = timed_import(path)
    print(f"reference catalogue: {rows:,} parts imported in {seconds:.1f} s; "
          f"{ForeignPart.objects.count():,} foreign parts in the catalogue")


def timed_import(path):
    with open(os.devnull, "w") as quiet:
        started = time.perf_counter()
        call_command("import_foreign_parts", str(path), stdout=quiet)
        return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--reference", action="store_true",
                        help="write and keep the substitution benchmark's reference catalogue")
    args = parser.parse_args()
    if args.reference:
        import_reference(args.rows)
        return
    rng = random.Random(12)
    with tempfile.TemporaryDirectory() as folder:
        # The library stem decides the category, as KiCad's own names do.
        files = {"CSV": Path(folder) / "bench_parts.csv",
                 "kicad_sym": Path(folder) / "MCU_Bench_Synthetic.kicad_sym"}
        write_csv(files["CSV"], args.rows, rng)
        write_kicad_sym(files["kicad_sym"], args.rows, rng)
        for label, path in files.items():
            # Each format starts from the same catalogue, vacuumed, so that neither the
            # rows nor the clean-up of the one before weigh on it.
            vacuum()
            try:
                first = timed_import(path)
                second = timed_import(path)
            finally:
                ForeignPart.objects.filter(part_number__startswith=PREFIX).delete()
            print(f"{label:10} {args.rows} rows: first import {first:.2f} s "
                  f"({args.rows / first:,.0f} parts/s), second (unchanged) {second:.2f} s "
                  f"({args.rows / second:,.0f} parts/s)")


def vacuum():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {ForeignPart._meta.db_table}")


if __name__ == "__main__":
    main()
