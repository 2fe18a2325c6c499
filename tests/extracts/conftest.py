import datetime
import io

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.cache import cache
from pypdf import PdfReader

from registry.extracts import certificate, keys
from tests import factories

SIGNING_KEY = Ed25519PrivateKey.generate()
PDF_CREDENTIALS = certificate.generate()


@pytest.fixture(scope="session")
def pdf_credentials_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf-signing") / "register.pem"
    path.write_bytes(certificate.pem_bundle(PDF_CREDENTIALS))
    return path


@pytest.fixture(autouse=True)
def _signing_key(settings, pdf_credentials_file):
    """Tests sign with keys of their own and never touch var/."""
    settings.EXTRACT_SIGNING_KEY = keys.seed_base64(SIGNING_KEY)
    settings.EXTRACT_SIGNING_KEY_FILE = ""
    settings.EXTRACT_DEVELOPMENT_KEY_FILE = None
    settings.EXTRACT_PDF_KEY_FILE = settings.EXTRACT_PDF_CERTIFICATE_FILE = str(
        pdf_credentials_file)
    settings.EXTRACT_DEVELOPMENT_PDF_KEY_FILE = None
    settings.EXTRACT_RETIRED_PUBLIC_KEYS = []
    settings.REGISTER_PUBLIC_URL = ""


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def entry(db):
    return make_entry()


def make_entry():
    """A registered entry with a Cyrillic part number and a Russian manufacturer's numbers."""
    maker = factories.make_manufacturer(
        slug="milandr-test", country="RU", inn=factories.VALID_INN, ogrn=factories.VALID_OGRN,
        name_ru="АО «ПКК Миландр»", name_en="Milandr JSC",
        short_name_ru="Миландр", short_name_en="Milandr",
    )
    category = factories.make_category(slug="microcontrollers-test", name_ru="Микроконтроллеры",
                                       name_en="Microcontrollers")
    return factories.make_product(
        "К1986ВЕ92QI", manufacturer=maker, category=category,
        name_ru="Микроконтроллер 32-разрядный", name_en="32-bit microcontroller",
        registry_number="UR-2025-000001", registered_at=datetime.date(2025, 2, 3),
        valid_until=datetime.date(2030, 2, 3), okpd2_code="26.11.30",
    )


def exclude(product, day=datetime.date(2026, 6, 1)):
    product.status = "excluded"
    product.excluded_at = day
    product.exclusion_reason = "false_data"
    product.exclusion_legal_basis = "Решение № 42"
    product.save()


def pdf_text(pdf):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def issue(client):
    """GET an extract of an entry through the site; the response."""
    def get(product, **params):
        return client.get(f"/products/{product.registry_number}/extract.pdf", params)
    return get
