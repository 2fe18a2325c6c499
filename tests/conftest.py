import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import translation

from manufacturers.roles import REGISTRARS_GROUP
from tests import factories


def pytest_collection_modifyitems(config, items):
    """Tests that need a transactional database are marked `flushes`; tests marked `postgres`
    need PostgreSQL, and on SQLite they are reported as skipped."""
    for item in items:
        if flushes(item):
            item.add_marker(pytest.mark.flushes)
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://…)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def flushes(item):
    """Whether Django empties the database after the test (TRUNCATE of every table): the
    application's role may not do that to the audit trail, so CI runs these as the superuser."""
    if {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())):
        return True
    marker = item.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)))


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests sign people in by the hundred; the cost of the hash is not what they check."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _bom_uploads_unlimited(settings):
    """Every test uploads from the same address, and the cache keeps the count from test to
    test; the per-client limit is tested on its own (test_hardening_round2 sets it)."""
    settings.BOM_RATE_LIMIT = 1_000_000


@pytest.fixture(autouse=True)
def _reads_not_kept(settings):
    """Tests change rows behind the register's back and read them again; the kept answers
    are tested on their own (test_cached_reads)."""
    settings.RESPONSE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _english_messages():
    """Code under test speaks English unless a test asks for Russian (pages do per request)."""
    with translation.override("en"):
        yield


@pytest.fixture
def maker_a(db):
    return factories.make_manufacturer(slug="maker-a", country="BY", unp=factories.VALID_UNP)


@pytest.fixture
def maker_b(db):
    return factories.make_manufacturer(slug="maker-b", country="RU", inn=factories.VALID_INN,
                                       ogrn=factories.VALID_OGRN)


@pytest.fixture
def rep_a(maker_a):
    return factories.make_user("rep_a", represents=maker_a)


@pytest.fixture
def rep_b(maker_b):
    return factories.make_user("rep_b", represents=maker_b)


def make_registrar(username, state):
    user = factories.make_user(username, is_staff=True, state=state)
    user.groups.add(Group.objects.get(name=REGISTRARS_GROUP))
    return user


@pytest.fixture
def registrar(db):
    """A registrar of Belarus's ministry (maker_a is Belarusian)."""
    return make_registrar("registrar_user", "BY")


@pytest.fixture
def registrar_ru(db):
    """A registrar of Russia's ministry (maker_b is Russian)."""
    return make_registrar("registrar_ru_user", "RU")


@pytest.fixture
def superuser(db):
    return factories.make_user("root", is_staff=True, is_superuser=True)
