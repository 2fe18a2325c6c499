"""Write the address mix of the load test: what the public and external systems ask most.

    DATABASE_URL=… .venv/bin/python bench/urls.py var/bench-urls.txt [--count 5000]
    DATABASE_URL=… .venv/bin/python bench/urls.py var/bench --compare

With --compare, it writes instead the same rows asked of the register's API and of the bare
stack (bench/bare.py), one file each: OUT-detail-register.txt, OUT-detail-bare.txt,
OUT-list-register.txt, OUT-list-bare.txt.

Shares (per 100 requests): 30 entry pages and API details (procurement officers checking an
entry), 25 part-number searches in any spelling, 15 word searches with facets, 15 API list
pages with filters, 10 substitute lookups, 5 manufacturer pages.
"""

import argparse
import os
import random
import sys
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from manufacturers.models import Manufacturer  # noqa: E402
from products.models import ForeignAnalog, Product  # noqa: E402

LATIN = str.maketrans("АВЕКМНОРСТХУ", "ABEKMHOPCTXY")
WORDS = ["микроконтроллер", "регулятор", "память", "транзистор", "процессор", "logic",
         "interface", "diode", "усилитель", "сборочное"]


def sample(model, fields, n):
    top = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ids = random.sample(range(1, top + 1), min(n * 2, top))
    return list(model.objects.filter(pk__in=ids).values_list(*fields)[:n])


def mix(count):
    products = sample(Product, ["registry_number", "part_number", "category__slug"], count)
    analogs = [part for (part,) in sample(ForeignAnalog, ["part_number"], count)]
    makers = list(Manufacturer.objects.admitted().values_list("slug", flat=True))
    for index in range(count):
        number, part, category = products[index % len(products)]
        roll = index % 100
        if roll < 15:
            yield f"/products/{number}/"
        elif roll < 30:
            yield f"/api/v1/products/{number}/"
        elif roll < 55:
            spelling = part.translate(LATIN).lower() if roll % 2 else part
            yield f"/search/?q={quote(spelling)}" if roll < 42 else \
                f"/api/v1/products/?part_number={quote(spelling)}&page_size=20"
        elif roll < 70:
            yield f"/search/?q={quote(random.choice(WORDS))}&category={category}"
        elif roll < 85:
            yield (f"/api/v1/products/?category={category}&country={random.choice(['BY', 'RU'])}"
                   f"&status=registered&page_size=50")
        elif roll < 95:
            yield f"/api/v1/substitutes/?part={quote(analogs[index % len(analogs)])}"
        else:
            yield f"/manufacturers/{random.choice(makers)}/"


def compared(count):
    """{(endpoint, stack): [address…]}: the same entries and manufacturers for both stacks."""
    rows = sample(Product, ["registry_number", "manufacturer__slug"], count)
    return {
        ("detail", "register"): [f"/api/v1/products/{number}/" for number, _slug in rows],
        ("detail", "bare"): [f"/bare/products/{number}/" for number, _slug in rows],
        ("list", "register"): [f"/api/v1/products/?manufacturer={slug}&page_size=50"
                               for _number, slug in rows],
        ("list", "bare"): [f"/bare/products/?manufacturer={slug}" for _number, slug in rows],
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--compare", action="store_true",
                        help="write the register's and the bare stack's addresses")
    args = parser.parse_args()
    random.seed(1)
    if args.compare:
        for (endpoint, stack), lines in compared(args.count).items():
            path = Path(f"{args.out}-{endpoint}-{stack}.txt")
            path.write_text("\n".join(lines) + "\n")
            print(f"{len(lines)} addresses in {path}")
        return
    lines = list(mix(args.count))
    random.shuffle(lines)
    Path(args.out).write_text("\n".join(lines) + "\n")
    print(f"{len(lines)} addresses in {args.out}")


if __name__ == "__main__":
    main()
