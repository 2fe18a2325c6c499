"""The demo register: real manufacturers and products from public sources (see *.json).

Loading is idempotent: rows are matched by natural keys and written only when they differ,
so a second run changes nothing and writes no history.
"""

import datetime
import json
import os
import secrets
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from manufacturers.models import Manufacturer, Membership
from manufacturers.roles import REGISTRARS_GROUP
from products import rows
from products.models import (
    Category,
    ForeignAnalog,
    ParameterTemplate,
    PartAlias,
    Product,
    ProductionStage,
    ProductParameter,
)
from products.rows import save_if_changed
from registry.api import stored
from registry.audit import acting_as, current_reason
from registry.feed.recording import record
from registry.feed.states import category_state, diff, entry_state, manufacturer_state
from registry.models.accounts import User
from registry.numbering import next_registry_number
from registry.proposals import canonical, of_entry
from registry.term import term_end

from . import applications, term

DATA_DIR = Path(__file__).resolve().parent
# Demo entries are registered one every 13 days from this date, in file order.
FIRST_REGISTRATION = datetime.date(2025, 2, 3)
REGISTRATION_STEP = datetime.timedelta(days=13)
FAMILY_REGISTRATION = datetime.date(2025, 2, 4)
FAMILY_STEP = datetime.timedelta(days=2)

DEMO_USERS = [
    # username, role description, superuser, registrar, represented manufacturer, state
    ("admin", "superuser", True, False, None, ""),
    ("registrar", "registrar of Belarus's Ministry of Industry", False, True, None, "BY"),
    ("registrar_ru", "registrar of Russia's Ministry of Industry and Trade", False, True, None,
     "RU"),
    ("integral", "representative of INTEGRAL", False, False, "integral", ""),
    ("milandr", "representative of Milandr", False, False, "milandr", ""),
]


@dataclass
class Summary:
    created: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)
    password: str = ""
    password_note: str = ""

    def count(self, kind, created):
        bucket = self.created if created else self.updated
        bucket[kind] = bucket.get(kind, 0) + 1


def read(name):
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def family_rows():
    """The entries of products/*.json (a file per family), by file name."""
    entries = []
    for path in sorted((DATA_DIR / "products").glob("*.json")):
        entries.extend(read(path.relative_to(DATA_DIR)))
    return entries


def product_rows():
    """Every demo entry's row: products.json first, then the family files."""
    return read("products.json") + family_rows()


# The note the demo's events carry, in the register's working language (Russian), as a
# registrar's note would be: the data comes from the makers' public catalogues.
DEMO_NOTE = "Демонстрационный реестр: данные из открытых каталогов изготовителей"

# The demo register is checked as a form would be: every row it writes is validated first.
sync = partial(save_if_changed, clean=True)
sync_rows = partial(rows.sync_rows, clean=True)


def load(summary=None):
    """The demo register. Stored entry documents are not rendered event by event here: the
    load_demo command renders them all at the end, in one pass."""
    summary = summary or Summary()
    with transaction.atomic(), acting_as(None, reason="demo register"), stored.deferred():
        load_categories(summary)
        load_manufacturers(summary)
        load_products(summary)
        load_users(summary)
        applications.load(summary, product_rows())
        term.load(summary)
    return summary


def load_categories(summary):
    with transaction.atomic():  # also called on its own (the synthetic register)
        for position, row in enumerate(read("categories.json")):
            load_category(summary, position, row)


def load_category(summary, position, row):
    category = Category.objects.filter(slug=row["slug"]).first() or Category(slug=row["slug"])
    parent = Category.objects.get(slug=row["parent"]) if row.get("parent") else None
    is_new = category.pk is None
    before = None if is_new else category_state(category)
    if sync(category, {"code": row["code"], "name_ru": row["name_ru"],
                       "name_en": row["name_en"], "parent": parent, "position": position}):
        summary.count("categories", is_new)
    for index, spec in enumerate(row["parameters"]):
        template = (ParameterTemplate.objects.filter(category=category, key=spec["key"])
                    .first() or ParameterTemplate(category=category, key=spec["key"]))
        sync(template, {"name_ru": spec["name_ru"], "name_en": spec["name_en"],
                        "unit": spec["unit"], "kind": spec["kind"], "position": index})
    # Entries show their category: a changed one goes to the change feed.
    changes = diff(before, category_state(category)) if before is not None else None
    if changes:
        record("category.changed", category=category, comment=DEMO_NOTE,
               changes=changes)


MANUFACTURER_FIELDS = ["name_ru", "name_en", "short_name_ru", "short_name_en", "country", "unp",
                       "inn", "ogrn", "city_ru", "city_en", "address", "website", "email"]


def load_manufacturers(summary):
    for row in read("manufacturers.json"):
        manufacturer = (Manufacturer.objects.filter(slug=row["slug"]).first()
                        or Manufacturer(slug=row["slug"]))
        is_new = manufacturer.pk is None
        before = None if is_new else manufacturer_state(manufacturer)
        values = {name: row.get(name, "") for name in MANUFACTURER_FIELDS}
        values["status"] = Manufacturer.Status.ADMITTED
        if is_new:
            values["admitted_at"] = datetime.datetime(
                2025, 1, 15, 10, 0, tzinfo=datetime.UTC)
        changed = sync(manufacturer, values)
        if changed:
            summary.count("manufacturers", is_new)
        # The change feed knows every public maker, however it entered the register (a
        # register loaded before the feed existed gets its admission recorded once).
        if is_new or not manufacturer.change_events.filter(kind="manufacturer.admitted").exists():
            record("manufacturer.admitted", manufacturer=manufacturer, comment=DEMO_NOTE,
                   changes=diff(None, manufacturer_state(manufacturer)))
        elif changed:
            record("manufacturer.changed", manufacturer=manufacturer, comment=DEMO_NOTE,
                   changes=diff(before, manufacturer_state(manufacturer)))


PRODUCT_FIELDS = ["name_ru", "name_en", "name_be", "description_ru", "description_en", "package",
                  "tnved_code", "okpd2_code"]


def dated_rows():
    """(row, registration date) of every demo entry, in registry-number order.

    products.json keeps its first schedule (one entry every 13 days from FIRST_REGISTRATION);
    the family files in products/ follow, one entry every two days from FAMILY_REGISTRATION,
    so that no entry is registered in the future.
    """
    for index, row in enumerate(read("products.json")):
        yield row, FIRST_REGISTRATION + index * REGISTRATION_STEP
    for index, row in enumerate(family_rows()):
        yield row, FAMILY_REGISTRATION + index * FAMILY_STEP


def load_products(summary):
    manufacturers = {m.slug: m for m in Manufacturer.objects.all()}
    categories = {c.slug: c for c in Category.objects.all()}
    reserved = applications.reserved_part_numbers()
    existing = {(p.manufacturer_id, p.part_number): p for p in Product.objects.select_related(
        "manufacturer", "category").prefetch_related("aliases", "analogs", "production_stages")}
    included = set(Product.objects.filter(change_events__kind="entry.included")
                   .values_list("pk", flat=True))
    created = []
    for row, registered in dated_rows():
        manufacturer = manufacturers[row["manufacturer"]]
        product = existing.get((manufacturer.pk, row["part_number"]))
        if product is not None:
            update_entry(summary, product, row, categories, product.pk in included)
        elif row["part_number"] not in reserved:  # else enters by a demo application
            created.append((create_entry(row, manufacturer, categories, registered), row))
    add_children(created)
    for product, _row in created:
        summary.count("products", True)
        record("entry.included", product=product, comment=DEMO_NOTE,
               changes=diff(None, entry_state(product)), occurred_at=on_day(product))


def on_day(product):
    """Noon of the day the demo entry was registered: its history reads that date."""
    return timezone.make_aware(datetime.datetime.combine(product.registered_at,
                                                         datetime.time(12)))


def entry_values(row, categories):
    values = {name: row.get(name, "") for name in PRODUCT_FIELDS}
    values["category"] = categories[row["category"]]
    return values


def create_entry(row, manufacturer, categories, registered):
    product = Product(
        manufacturer=manufacturer, part_number=row["part_number"],
        registered_at=registered, valid_until=term_end(registered),
        registry_number=next_registry_number(registered.year),
        **entry_values(row, categories),
    )
    # The database checks the constraints on save; here each would be a query of its own
    # (most of the loading time). Fields and the model's own rules are checked as ever.
    product.full_clean(validate_constraints=False)
    product.save()
    return product


def update_entry(summary, product, row, categories, is_included):
    """Bring an entry already in the register in line with its row; unchanged ones cost a
    query (their parameters), not a write."""
    if canonical(of_entry(product)) == canonical(applications.proposal_of(row)):
        changed, before = False, None
    else:
        product = Product.objects.get(pk=product.pk)  # without the stale prefetched rows
        before = entry_state(product)
        changed = sync(product, entry_values(row, categories))
        changed |= sync_children(product, row)
    if changed:
        summary.count("products", False)
    if not is_included:
        # The change feed knows every entry, however it entered the register.
        record("entry.included", product=product, comment=DEMO_NOTE,
               changes=diff(None, entry_state(product)), occurred_at=on_day(product))
    elif changed:
        record("entry.corrected", product=product, comment=DEMO_NOTE,
               changes=diff(before, entry_state(product)))


def add_children(created):
    """Spellings, parameters, analogs and production stages of new entries, a bulk insert per
    kind with its history rows (one by one they took most of the loading time)."""
    templates = {}
    rows = {PartAlias: [], ProductParameter: [], ForeignAnalog: [], ProductionStage: []}
    for product, row in created:
        if product.category_id not in templates:
            templates[product.category_id] = {
                t.key: t for t in product.category.parameter_templates()}
        for alias in row.get("aliases", []):
            if alias != product.part_number:
                rows[PartAlias].append(PartAlias(product=product, part_number=alias))
        for key, value in row.get("parameters", {}).items():
            rows[ProductParameter].append(ProductParameter(
                product=product, template=templates[product.category_id][key],
                value=format_value(value)))
        for a in row.get("analogs", []):
            rows[ForeignAnalog].append(ForeignAnalog(
                product=product, part_number=a["part_number"],
                manufacturer_name=a.get("manufacturer", ""), compatibility=a["compatibility"],
                note=a.get("note", "")))
        for s in row.get("production", []):
            rows[ProductionStage].append(ProductionStage(
                product=product, stage=s["stage"], site=s.get("site", ""),
                operator=s.get("operator", ""), country=s["country"],
                process_nm=s.get("process_nm")))
    for model, instances in rows.items():
        for instance in instances:
            derive(instance)
        bulk_create_with_history(instances, model, batch_size=500,
                                 default_change_reason=current_reason()[:100] or None)


def derive(instance):
    """The fields save() derives, which a bulk insert does not compute."""
    getattr(instance, "fill_derived", lambda: None)()


def stored_value(template, value):
    """The value as saving stores it (respelled), so a second load finds nothing to change."""
    return ProductParameter(template=template, value=format_value(value)).canonical_value()


def sync_children(product, row):
    templates = {t.key: t for t in product.category.parameter_templates()}
    changed = sync_rows(
        product.aliases.all(), "part_number",
        {alias: {} for alias in row.get("aliases", []) if alias != product.part_number},
        lambda key: PartAlias(product=product, part_number=key),
    )
    changed |= sync_rows(
        product.parameters.select_related("template"), "template_id",
        {templates[key].pk: {"value": stored_value(templates[key], value)}
         for key, value in row.get("parameters", {}).items()},
        lambda key: ProductParameter(product=product, template_id=key),
    )
    changed |= sync_rows(
        product.analogs.all(), "part_number",
        {a["part_number"]: {"manufacturer_name": a.get("manufacturer", ""),
                            "compatibility": a["compatibility"], "note": a.get("note", "")}
         for a in row.get("analogs", [])},
        lambda key: ForeignAnalog(product=product, part_number=key),
    )
    changed |= sync_rows(
        product.production_stages.all(), "stage",
        {s["stage"]: {"site": s.get("site", ""), "operator": s.get("operator", ""),
                      "country": s["country"], "process_nm": s.get("process_nm")}
         for s in row.get("production", [])},
        lambda key: ProductionStage(product=product, stage=key),
    )
    return changed


def format_value(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def load_users(summary):
    password, note = demo_password()
    registrars = Group.objects.get(name=REGISTRARS_GROUP)
    for username, _role, is_superuser, is_registrar, represents, state in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        is_new = user is None
        if is_new:
            user = User(username=username, email=f"{username}@example.org")
        wanted = {"is_superuser": is_superuser, "is_staff": is_superuser or is_registrar,
                  "state": state}
        # Saved only when something changed: the accounts keep a history of every save.
        changed = is_new or any(getattr(user, k) != v for k, v in wanted.items())
        for name, value in wanted.items():
            setattr(user, name, value)
        if password and (is_new or not user.check_password(password)):
            user.set_password(password)
            changed = True
        if changed:
            user.save()
        if is_registrar and not user.groups.filter(pk=registrars.pk).exists():
            user.groups.add(registrars)
        if represents:
            Membership.objects.get_or_create(
                user=user, manufacturer=Manufacturer.objects.get(slug=represents),
                defaults={"role": Membership.Role.EDITOR},
            )
    summary.password, summary.password_note = password, note


def demo_password():
    """DEMO_PASSWORD, else the one generated on the first run (kept in var/), else a new one."""
    given = os.environ.get("DEMO_PASSWORD")
    if given:
        return given, "from DEMO_PASSWORD"
    path = settings.VAR_DIR / "demo-password"
    if path.exists():
        return path.read_text().strip(), f"generated on the first run, kept in {path}"
    if User.objects.filter(username="admin").exists():
        return "", "unchanged (set DEMO_PASSWORD to set a new one)"
    password = secrets.token_urlsafe(12)
    settings.VAR_DIR.mkdir(exist_ok=True)
    path.write_text(password)
    return password, f"generated now, kept in {path}"
