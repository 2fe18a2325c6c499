"""Small builders of valid objects for tests (real identifiers from public sources)."""

import datetime
import itertools
from contextlib import contextmanager

from django.db import connection

from manufacturers.models import Manufacturer, Membership
from products.models import Category, ForeignAnalog, ParameterTemplate, PartAlias, Product
from registry.models import User

_sequence = itertools.count(1)

# Identifiers that pass their check digits (README of the shared data: rule examples).
VALID_UNP = "200988541"
VALID_INN = "7735007358"
VALID_OGRN = "1123668048789"


def make_manufacturer(slug=None, country="RU", **fields):
    n = next(_sequence)
    slug = slug or f"maker-{n}"
    values = {
        "name_ru": f"АО «Изготовитель {n}»", "name_en": f"Maker {n} JSC",
        "short_name_ru": f"Изготовитель {n}", "short_name_en": f"Maker {n}",
        "country": country, "status": Manufacturer.Status.ADMITTED,
    }
    values.update(fields)
    return Manufacturer.objects.create(slug=slug, **values)


def make_category(slug=None, parent=None, parameters=(), **fields):
    n = next(_sequence)
    slug = slug or f"category-{n}"
    category = Category.objects.create(
        slug=slug, parent=parent, name_ru=fields.pop("name_ru", f"Категория {n}"),
        name_en=fields.pop("name_en", f"Category {n}"), **fields,
    )
    for position, (key, kind, unit) in enumerate(parameters):
        ParameterTemplate.objects.create(
            category=category, key=key, kind=kind, unit=unit, position=position,
            name_ru=key, name_en=key,
        )
    return category


def make_product(part_number=None, manufacturer=None, category=None, aliases=(), analogs=(),
                 **fields):
    n = next(_sequence)
    values = {
        "name_ru": f"Изделие {n}", "name_en": f"Product {n}",
        "registered_at": datetime.date(2026, 1, 1),
        "registry_number": f"UR-2026-{900000 + n:06d}",
    }
    values.update(fields)
    product = Product.objects.create(
        part_number=part_number or f"PN{n}",
        manufacturer=manufacturer or make_manufacturer(),
        category=category or make_category(),
        **values,
    )
    for alias in aliases:
        PartAlias.objects.create(product=product, part_number=alias)
    for part, compatibility in analogs:
        ForeignAnalog.objects.create(product=product, part_number=part,
                                     compatibility=compatibility)
    return product


def make_user(username=None, represents=None, role=Membership.Role.EDITOR, **fields):
    username = username or f"user{next(_sequence)}"
    user = User.objects.create_user(username=username, password="pw-Long-enough-1",
                                    email=f"{username}@example.org", **fields)
    if represents is not None:
        Membership.objects.create(user=user, manufacturer=represents, role=role)
    return user


# How PostgreSQL refuses a rewrite of the audit trail: as the owner or the superuser, the
# append-only trigger; as the application's role (.ci/run), the missing privilege first.
REFUSED_REWRITE = "append-only|permission denied"


@contextmanager
def rewriting_history():
    """For tests that age history records on purpose, which the register itself never can:
    PostgreSQL's append-only triggers do not fire in a replication session, which only the
    superuser may open: tests using it are marked `superuser`."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = origin")
