"""Server-side latency of the register's hot paths, beside the cost of their bare SQL.

    DATABASE_URL=postgres://…/bench .venv/bin/python bench/run.py [--repeat 200] [--only api-detail]

Each scenario sends requests through the whole Django stack in this process (middleware,
views, serialisation; no network), with inputs drawn at random from the register, and prints
p50/p95/p99 in milliseconds. Beside it, "SQL" is the time of the same statements the
requests ran, executed bare on the same connection; the ratio reads as the framework's
overhead over the database's own cost. The export scenario runs in a child process so its
peak memory is its own. Scenarios ending in "-cold" empty the cache before every request.
Generate a register first: manage.py generate_register (then manage.py
rebuild_entry_documents, so the API reads stored documents).

`--only compare` serves the register's API detail and list of 50 beside a bare Django + DRF
view over the same products table (bench/bare.py: no middleware, one query, a plain
ModelSerializer) in alternating rounds, and prints requests per second of one process for
both, with the register's share of the bare stack.
"""

import argparse
import gc
import os
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")
# Connections from a pool, as in production (a new connection per request costs milliseconds).
os.environ.setdefault("DATABASE_POOL", "1")
# The work of building each answer, not the answers the register keeps for the next reader
# (bench/load.sh runs its mix both ways).
os.environ.setdefault("RESPONSE_CACHE_SECONDS", "0")
# Measure the application, not the throttles.
for scope in ("ANON", "USER", "EXPORT"):
    os.environ.setdefault(f"API_THROTTLE_{scope}", "1000000/min")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Exists, OuterRef  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from manufacturers.models import Manufacturer  # noqa: E402
from products.models import ForeignAnalog, ForeignPart, Product  # noqa: E402

LOOKALIKE_LATIN = str.maketrans("АВЕКМНОРСТХУ", "ABEKMHOPCTXY")
WORDS = ["микроконтроллер", "регулятор", "память", "транзистор", "процессор", "logic",
         "interface", "diode", "синтетический", "усилитель"]


def percentiles(samples):
    ordered = sorted(samples)

    def pick(q):
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return pick(0.50), pick(0.95), pick(0.99)


def sample_products(n):
    """Random entries without scanning the table: ids drawn from its range."""
    top = Product.objects.order_by("-pk").values_list("pk", flat=True).first()
    ids = random.sample(range(1, top + 1), min(n * 3, top))
    rows = list(Product.objects.filter(pk__in=ids).values_list(
        "registry_number", "part_number", "category__slug")[:n])
    random.shuffle(rows)
    return rows


def manufacturer_slugs(n):
    """`n` admitted manufacturers' slugs drawn at random (a page shows 50 of their entries)."""
    slugs = list(Manufacturer.objects.admitted().values_list("slug", flat=True))
    return [random.choice(slugs) for _ in range(n)] if slugs else []


def sample_analogs(n):
    top = ForeignAnalog.objects.order_by("-pk").values_list("pk", flat=True).first()
    ids = random.sample(range(1, top + 1), min(n * 3, top))
    return list(ForeignAnalog.objects.filter(pk__in=ids).values_list("part_number", flat=True)
                [:n])


# Ordering-code suffixes a bill of materials adds to a family's name (package, packing,
# temperature grade) and vendor prefixes.
SUFFIXES = ["N", "D", "DR", "PW", "T", "CN", "IDR", "-PU"]
PREFIXES = ["SN", "CD", "MC", ""]


def sample_catalogue_only(n):
    """Reference parts whose family no entry declares: only a parametric search answers."""
    top = ForeignPart.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    if not top:
        return []
    ids = random.sample(range(1, top + 1), min(n * 10, top))
    declared = ForeignAnalog.objects.filter(key_family=OuterRef("key_family"))
    return list(ForeignPart.objects.filter(pk__in=ids).exclude(Exists(declared))
                .values_list("part_number", flat=True)[:n])


def ordering_code(declared):
    """Another ordering code of a declared part's family: SN74HC164DR for 74HC164."""
    match = re.match(r"^(?:SN|CD|MC)?(.*\d)[A-Z]*$", declared)
    core = match.group(1) if match else declared
    prefix = random.choice(PREFIXES) if core[:1].isdigit() else ""
    return prefix + core + random.choice(SUFFIXES)


def substitute_parts(n):
    """`n` foreign parts as engineers ask for them, shuffled: 35 % declared analogs as the
    declaration writes them, 25 % ordering codes of declared families with a vendor prefix
    and a package/packing suffix, 25 % parts only the reference catalogue knows, 15 %
    codes nothing answers."""
    analogs = sample_analogs(n) or ["74HC164"]
    catalogue = sample_catalogue_only(n) or analogs
    parts = []
    for index in range(n):
        roll = index % 20
        if roll < 7:
            parts.append(analogs[index % len(analogs)])
        elif roll < 12:
            parts.append(ordering_code(analogs[-1 - index % len(analogs)]))
        elif roll < 17:
            parts.append(catalogue[index % len(catalogue)])
        else:
            parts.append(f"XQ{random.randrange(10**6)}{random.choice(SUFFIXES)}")
    random.shuffle(parts)
    return parts


def scenarios(n):
    products = sample_products(n)
    substitutes = substitute_parts(n)
    cyrillic = [p for p in products if p[1] != p[1].translate(LOOKALIKE_LATIN)] or products
    return {
        "api-detail": [f"/api/v1/products/{rn}/" for rn, _, _ in products],
        "entry-page": [f"/products/{rn}/" for rn, _, _ in products],
        "manufacturer-page": [f"/manufacturers/{slug}/" for slug in manufacturer_slugs(n)],
        "part-exact": [f"/api/v1/products/?part_number={pn}&page_size=20"
                       for _, pn, _ in products],
        "part-prefix": [f"/api/v1/products/?part_number={pn[:max(4, len(pn) - 3)]}&page_size=20"
                        for _, pn, _ in products],
        "part-latin-typed": [
            f"/api/v1/products/?part_number={pn.translate(LOOKALIKE_LATIN).lower()}&page_size=20"
            for _, pn, _ in cyrillic],
        "search-page": [f"/search/?q={random.choice(WORDS)}" for _ in range(n)],
        # The same pages with the cache emptied before each request: nothing precomputed.
        "search-page-cold": [f"/search/?q={random.choice(WORDS)}" for _ in range(n)],
        "search-page-category": [f"/search/?category={slug}&q={random.choice(WORDS)}"
                                 for _, _, slug in products],
        "search-page-part": [f"/search/?q={pn}" for _, pn, _ in products],
        "api-list-50": [
            f"/api/v1/products/?country={random.choice(['BY', 'RU'])}&status=registered"
            f"&category={slug}&page_size=50" for _, _, slug in products],
        "substitutes-api": [f"/api/v1/substitutes/?part={quote(part)}" for part in substitutes],
        "substitutes-page": [f"/substitutes/?part={quote(part)}" for part in substitutes],
        "changes-500": changes_pages(n),
        # POSTed: a 1,000-line BOM through the API, of the same mix as the substitutes.
        "bom-api-1000": bom_bodies(max(1, n // 20)),
    }


BOM_LINES = 1000


def bom_bodies(n):
    """(url, JSON body) of `n` BOMs of BOM_LINES lines each, of the substitutes' mix
    (substitute_parts): declared analogs, other ordering codes of their families, parts
    only the reference catalogue knows, and codes nothing answers."""
    pool = substitute_parts(BOM_LINES * 4)
    bodies = []
    for _ in range(n):
        lines = [{"part": part, "quantity": random.randint(1, 20), "ref": f"U{index + 1}"}
                 for index, part in enumerate(random.sample(pool, BOM_LINES))]
        bodies.append(("/api/v1/substitutes/bom/", {"lines": lines}))
    return bodies


def changes_pages(n):
    from registry.models import ChangeEvent

    top = ChangeEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return [f"/api/v1/changes/?after={random.randrange(max(top - 500, 1))}&page_size=500"
            for _ in range(n)]


def measure(client, urls, cold=False):
    latencies, sql_times, statuses = [], [], set()
    for index, url in enumerate(urls):
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = request(client, url)
            if response.streaming:
                for _chunk in response.streaming_content:
                    pass
            latencies.append((time.perf_counter() - started) * 1000)
        statuses.add(response.status_code)
        if index % 4 == 0:  # the bare SQL of every fourth request
            sql_times.append(bare_sql(captured.captured_queries))
    return latencies, sql_times, statuses


def request(client, url):
    """GET a URL; POST a (url, JSON body) pair."""
    if isinstance(url, tuple):
        return client.post(url[0], url[1], content_type="application/json")
    return client.get(url)


def bare_sql(queries):
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if sql.startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
                continue
            cursor.execute(sql)
            if cursor.description:
                cursor.fetchall()
    return (time.perf_counter() - started) * 1000


def run(repeat, only):
    client = Client(headers={"accept-language": "ru"})
    print(f"{'scenario':<22}{'n':>5}{'p50':>9}{'p95':>9}{'p99':>9}   "
          f"{'SQL p50':>8}{'SQL p95':>8}{'ratio':>7}  status")
    for name, urls in scenarios(repeat).items():
        if only and name not in only:
            continue
        request(client, urls[0])  # warm the code path (imports, template loading)
        latencies, sql_times, statuses = measure(client, urls, cold=name.endswith("-cold"))
        p50, p95, p99 = percentiles(latencies)
        s50, s95, _ = percentiles(sql_times)
        print(f"{name:<22}{len(urls):>5}{p50:>9.1f}{p95:>9.1f}{p99:>9.1f}   "
              f"{s50:>8.1f}{s95:>8.1f}{p50 / s50 if s50 else 0:>7.1f}  "
              f"{','.join(map(str, sorted(statuses)))}")


def compare(repeat, rounds, language="ru"):
    """The register's API against the bare view, the same rows asked of both, `rounds`
    alternating rounds; throughput of one process is 1000 / mean latency in ms."""
    top = Product.objects.order_by("-pk").values_list("pk", flat=True).first()
    ids = random.sample(range(1, top + 1), min(repeat * 3, top))
    rows = list(Product.objects.filter(pk__in=ids).values_list(
        "registry_number", "manufacturer__slug")[:repeat])
    random.shuffle(rows)
    pairs = {
        "detail": ([f"/api/v1/products/{rn}/" for rn, _ in rows],
                   [f"/bare/products/{rn}/" for rn, _ in rows]),
        "list-50": ([f"/api/v1/products/?manufacturer={slug}&page_size=50" for _, slug in rows],
                    [f"/bare/products/?manufacturer={slug}" for _, slug in rows]),
    }
    project = Client(headers={"accept-language": language})
    totals = {name: ([], []) for name in pairs}
    print(f"{'round':<7}{'endpoint':<10}{'register req/s':>15}{'p50 ms':>8}{'queries':>9}"
          f"{'bare req/s':>12}{'p50 ms':>8}{'queries':>9}{'share':>8}")
    for number in range(1, rounds + 1):
        for name, (ours, theirs) in pairs.items():
            mine = timed(project, ours)
            with override_settings(ROOT_URLCONF="bench.bare", MIDDLEWARE=[]):
                bare = timed(Client(), theirs)
            totals[name][0].extend(mine[0])
            totals[name][1].extend(bare[0])
            print_pair(str(number), name, mine, bare)
    for name, (mine, bare) in totals.items():
        print_pair("all", name, (mine, "", set()), (bare, "", set()))


def timed(client, urls):
    """Latencies (ms), queries of the first request, statuses."""
    client.get(urls[0])  # warm
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):  # (the query log is emptied at each request)
        client.get(urls[0])
    latencies, statuses = [], set()
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        latencies.append((time.perf_counter() - started) * 1000)
        statuses.add(response.status_code)
    return latencies, len(queries), statuses


def print_pair(label, name, mine, bare):
    def rate(latencies):
        return 1000 * len(latencies) / sum(latencies)

    ours, theirs = rate(mine[0]), rate(bare[0])
    statuses = ",".join(map(str, sorted(mine[2] | bare[2])))
    print(f"{label:<7}{name:<10}{ours:>15.0f}{percentiles(mine[0])[0]:>8.2f}{mine[1]:>9}"
          f"{theirs:>12.0f}{percentiles(bare[0])[0]:>8.2f}{bare[1]:>9}"
          f"{100 * ours / theirs:>7.0f}%  {statuses}")


def export_child(fmt):
    """Stream the whole register through the export endpoint; report time, size, peak RSS."""
    client = Client()
    started = time.perf_counter()
    response = client.get(f"/api/v1/export.{fmt}")
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"export.{fmt:<6} {lines:>9,} lines {size / 2**20:>8.1f} MB {seconds:>7.1f} s "
          f"peak RSS {peak_mb:>6.0f} MB  status {response.status_code}")


def bare_export_sql():
    """The database's own cost of reading every public entry with its parts, by COPY."""
    started = time.perf_counter()
    with connection.cursor() as cursor, cursor.cursor.copy(
        "COPY (SELECT p.*, m.slug, m.name_ru, c.slug FROM products_product p "
        "JOIN manufacturers_manufacturer m ON m.id = p.manufacturer_id "
        "JOIN products_category c ON c.id = p.category_id ORDER BY p.registry_number) "
        "TO STDOUT"
    ) as copy:
        size = sum(len(block) for block in copy)
    for table in ("products_productparameter", "products_foreignanalog", "products_partalias"):
        with connection.cursor() as cursor, cursor.cursor.copy(
                f"COPY (SELECT * FROM {table} ORDER BY product_id) TO STDOUT") as copy:
            size += sum(len(block) for block in copy)
    print(f"bare SQL of the export: {size / 2**20:.1f} MB read in "
          f"{time.perf_counter() - started:.1f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--only", nargs="*", default=[])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--export", choices=["jsonl", "csv"], help=argparse.SUPPRESS)
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument("--rounds", type=int, default=3, help="Rounds of --only compare.")
    parser.add_argument("--language", default="ru", help="Language of --only compare.")
    args = parser.parse_args()
    random.seed(args.seed)
    if args.export:
        export_child(args.export)
        return
    print(f"Register: {Product.objects.count():,} entries on {connection.vendor}")
    Client().get("/api/v1/")  # load the views, then freeze as config/gunicorn.py does
    gc.freeze()
    if args.only == ["compare"]:
        compare(args.repeat, args.rounds, args.language)
        return
    run(args.repeat, args.only)
    if not args.skip_export and (not args.only or "export" in args.only):
        for fmt in ("jsonl", "csv"):
            subprocess.run([sys.executable, __file__, "--export", fmt], check=True)
        if connection.vendor == "postgresql":
            bare_export_sql()


if __name__ == "__main__":
    main()
