"""Issuing extracts through the site and the API: the PDF, its record, its limits."""

import io
import json

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from pypdf import PdfReader

from registry.extracts import attachments
from registry.extracts.models import Extract
from registry.models.appendonly import AppendOnlyError
from tests import factories
from tests.extracts.conftest import pdf_text

pytestmark = pytest.mark.django_db


def test_the_site_issues_a_pdf_extract_as_an_attachment(issue, entry):
    response = issue(entry)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    extract = Extract.objects.get()
    assert response["Content-Disposition"] == (
        f'attachment; filename="extract-UR-2025-000001-{extract.code}.pdf"')
    assert response["Cache-Control"] == "no-store"
    assert response["X-Extract-Id"] == extract.code
    assert response.content.startswith(b"%PDF-")


def test_the_record_keeps_exactly_the_signed_content(issue, entry):
    pdf = issue(entry).content
    extract = Extract.objects.get()
    content, envelope = attachments.read(pdf)
    assert content == extract.content_bytes
    assert (envelope["key_id"], envelope["signature"]) == (extract.key_id, extract.signature)
    assert extract.product == entry
    assert extract.language == "ru"
    assert extract.data["issued_at"] == extract.issued_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert extract.data["verification_url"] == f"http://testserver/verify/{extract.code}/"
    assert envelope["keys_url"] == "http://testserver/.well-known/register-extract-keys.json"


def test_the_pdf_states_the_entry_in_russian_by_default(issue, entry):
    pdf = issue(entry).content
    text = pdf_text(pdf)
    code = Extract.objects.get().code
    assert "UR-2025-000001" in text
    assert "К1986ВЕ92QI" in text
    assert "АО «ПКК Миландр»" in text
    assert "ИНН 7735007358, ОГРН 1123668048789" in text
    assert "Выписка из реестра" in text
    assert "Статус на момент выдачи: Зарегистрирована" in text
    assert f"{code[:4]}-{code[4:8]}-{code[8:12]}-{code[12:]}" in text
    assert f"http://testserver/verify/{code}/" in text.replace("\n", "")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert reader.metadata.title == "Выписка из реестра: UR-2025-000001"


def test_the_pdf_embeds_its_own_fonts(issue, entry):
    reader = PdfReader(io.BytesIO(issue(entry).content))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = {str(font.get_object()["/BaseFont"]) for font in fonts.values()}
    assert names and all("DejaVuSans" in name for name in names)


def test_an_english_extract_on_request(issue, entry):
    text = pdf_text(issue(entry, lang="en").content)
    assert Extract.objects.get().language == "en"
    assert "Extract from the register" in text
    assert "Status at the moment of issue: Registered" in text
    assert "32-bit microcontroller" in text
    assert "Milandr JSC (Russia)" in text
    assert "UR-2025-000001" in text


def test_an_extract_of_an_excluded_entry_says_so_in_plain_words(issue, entry):
    from tests.extracts.conftest import exclude

    exclude(entry)
    text = pdf_text(issue(entry, lang="en").content)
    assert "Status at the moment of issue: Excluded" in text
    assert "The product was excluded from the register on June 1, 2026." in text
    assert "Reason: false data." in text
    assert "Legal basis: Решение № 42." in text


def test_the_api_issues_the_same_extract(client, entry):
    response = client.get("/api/v1/products/UR-2025-000001/extract.pdf", {"lang": "en"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert Extract.objects.get().language == "en"


@pytest.mark.parametrize("path", ["/products/{}/extract.pdf", "/api/v1/products/{}/extract.pdf"])
@pytest.mark.parametrize("number", ["UR-2025-999999", "ur-2025-000001", "nonsense", "UR-2025-0",
                                    "%00", "..%2F..%2Fetc", "' OR 1=1 --", "К" * 300])
def test_a_bad_registry_number_is_a_404_and_issues_nothing(client, entry, path, number):
    # An address the API does not know may first be redirected to its slashed form.
    response = client.get(path.format(number), follow=True)
    assert response.status_code == 404
    assert not Extract.objects.exists()


def test_the_api_answers_errors_in_json(client, entry):
    missing = client.get("/api/v1/products/UR-2025-999999/extract.pdf")
    assert missing.json() == {"detail": "В реестре нет записи с таким номером."}
    english = client.get("/api/v1/products/UR-2025-999999/extract.pdf",
                         headers={"accept-language": "en"})
    assert english.json() == {"detail": "There is no register entry with this number."}
    wrong = client.get("/api/v1/products/UR-2025-000001/extract.pdf", {"lang": "de"})
    assert wrong.status_code == 400
    assert "lang=en" in wrong.json()["detail"]


@pytest.mark.parametrize("lang", ["", "de", "<script>", "ru" * 100, "EN"])
def test_an_unknown_language_is_a_400_page_in_the_sites_look(issue, entry, lang):
    response = issue(entry, lang=lang)
    assert response.status_code == 400
    assert 'class="site-header"' in response.content.decode()
    assert not Extract.objects.exists()


def test_only_get_issues_an_extract(client, entry):
    assert client.post("/products/UR-2025-000001/extract.pdf").status_code == 405
    assert not Extract.objects.exists()


def test_issuing_is_rate_limited_per_client(client, entry, settings):
    settings.EXTRACT_RATE_LIMIT = 3
    url = "/products/UR-2025-000001/extract.pdf"
    for _ in range(3):
        assert client.get(url, REMOTE_ADDR="192.0.2.1").status_code == 200
    refused = client.get(url, REMOTE_ADDR="192.0.2.1")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= settings.EXTRACT_RATE_WINDOW
    api = client.get(f"/api/v1{url}", REMOTE_ADDR="192.0.2.1")
    assert api.status_code == 429 and "detail" in api.json()
    assert client.get(url, REMOTE_ADDR="192.0.2.2").status_code == 200
    assert Extract.objects.count() == 4


def test_one_ipv6_network_is_one_client(client, entry, settings):
    settings.EXTRACT_RATE_LIMIT = 1
    url = "/products/UR-2025-000001/extract.pdf"
    assert client.get(url, REMOTE_ADDR="2001:db8:1:2::1").status_code == 200
    assert client.get(url, REMOTE_ADDR="2001:db8:1:2::ffff").status_code == 429
    assert client.get(url, REMOTE_ADDR="2001:db8:1:3::1").status_code == 200


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(client, entry, settings):
    settings.EXTRACT_RATE_LIMIT = 1
    settings.TRUSTED_PROXY_COUNT = 1
    url = "/products/UR-2025-000001/extract.pdf"
    # A client may prepend anything; only the address the proxy appended counts.
    first = client.get(url, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 192.0.2.7")
    assert first.status_code == 200
    again = client.get(url, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="8.8.8.8, 192.0.2.7")
    assert again.status_code == 429
    other = client.get(url, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.8")
    assert other.status_code == 200


def test_a_signed_in_user_is_counted_as_themself(client, entry, settings, rep_a):
    settings.EXTRACT_RATE_LIMIT = 1
    client.force_login(rep_a)
    url = "/products/UR-2025-000001/extract.pdf"
    assert client.get(url, REMOTE_ADDR="192.0.2.1").status_code == 200
    assert client.get(url, REMOTE_ADDR="192.0.2.99").status_code == 429


def test_issued_extracts_can_be_neither_changed_nor_deleted(issue, entry):
    issue(entry)
    extract = Extract.objects.get()
    extract.content = "{}"
    with pytest.raises(AppendOnlyError):
        extract.save()
    with pytest.raises(AppendOnlyError):
        extract.delete()
    with pytest.raises(AppendOnlyError):
        Extract.objects.update(signature="x")
    with pytest.raises(AppendOnlyError):
        Extract.objects.all().delete()
    with pytest.raises(ProtectedError):
        entry.delete()
    assert Extract.objects.get().content != "{}"


@pytest.mark.postgres
def test_postgresql_refuses_to_rewrite_an_extract_even_in_raw_sql(issue, entry):
    issue(entry)
    for statement in ("UPDATE extracts_extract SET content = '{}'", "DELETE FROM extracts_extract"):
        with pytest.raises(DatabaseError, match=factories.REFUSED_REWRITE), \
                transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert json.loads(Extract.objects.get().content)["entry"]["registry_number"] == (
        "UR-2025-000001")
