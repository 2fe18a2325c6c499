"""Fixtures of the national registers' import tests (GISP, EAEU, mapped formats)."""

import pytest

from tests import factories


@pytest.fixture
def categories(db):
    factories.make_category(slug="integrated-circuits")


@pytest.fixture
def mikron(db):
    """Known to the register already: an import finds it by its INN."""
    return factories.make_manufacturer(
        "mikron", name_ru="Акционерное общество «Микрон»", short_name_ru="МИКРОН",
        inn="7735007358", ogrn="1027700073466")


@pytest.fixture
def commands_in_english(settings):
    """The command speaks the register's default language; these tests read English."""
    settings.LANGUAGE_CODE = "en"
