"""Hostile input to every form and endpoint: random and adversarial values (huge strings,
control characters, NUL bytes, SQL and HTML fragments, lists where one value is expected,
invalid UTF-8, malformed multipart, bodies over the limits). Nothing answers 500, and what a
refused request leaves behind is exactly what was there before."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manufacturers.models import Manufacturer
from registry.models import Application, ApplicationDocument, Decision, User
from tests.applications import PDF, include_data, make_application, mcu_category

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
    "'; DROP TABLE products_product; --", "' OR '1'='1", "1; SELECT pg_sleep(5)",
    "{{ 7*7 }}", "{% debug %}", "${7*7}", "../../../../etc/passwd", "%00", "\x00",
    "NUL\x00inside", "\x1b[31mred", "\u202eevil", "\ufeff", "\ud7ff", "К1986ВЕ92QI",
    "Ω" * 5000, "A" * 100_000, "", " ", "\r\n\r\n", "-1", "0", "1e309", "NaN", "null", "[]",
    "{}", "true", "2026-02-30", "9" * 40,
]
hostile_text = st.one_of(st.sampled_from(PAYLOADS), st.text(max_size=300),
                         st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=50))
# A form value: one value, or several where one is expected.
hostile_value = st.one_of(hostile_text, st.lists(hostile_text, min_size=2, max_size=3))
FUZZ = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])


def form_of(names):
    return st.fixed_dictionaries(dict.fromkeys(names, hostile_value))


def counts():
    return (User.objects.count(), Manufacturer.objects.count(), Application.objects.count(),
            ApplicationDocument.objects.count(), Decision.objects.count())


def assert_answered(response, allowed=(200, 302, 400, 404, 405, 410, 413, 429)):
    assert response.status_code in allowed, response.status_code


# --- Anonymous forms ----------------------------------------------------------------------------

@FUZZ
@given(data=form_of(["username", "password", "next"]))
def test_sign_in(client, data):
    before = counts()
    assert_answered(client.post("/accounts/login/", data))
    assert_answered(client.post("/admin/login/", data))
    assert counts() == before


@FUZZ
@given(data=form_of(["username", "email", "first_name", "last_name", "language", "password1",
                     "password2"]))
def test_sign_up(client, data):
    before = counts()
    response = client.post("/accounts/signup/", data)
    assert_answered(response)
    created = counts()[0] - before[0]
    assert created == (1 if response.status_code == 302 else 0)
    client.logout()


@FUZZ
@given(data=form_of(["email"]))
def test_password_reset(client, data, mailoutbox):
    before = counts()
    assert_answered(client.post("/accounts/password_reset/", data))
    assert counts() == before and mailoutbox == []


@FUZZ
@given(query=form_of(["q", "part_number", "manufacturer", "category", "country", "status",
                      "updated_since", "sort", "per_page", "page", "param_vcc_min"]))
def test_search_and_its_exports(client, query):
    assert_answered(client.get("/search/", query))
    assert_answered(client.get("/search/export.csv", query))


@FUZZ
@given(query=form_of(["part"]))
def test_substitutes(client, query):
    assert_answered(client.get("/substitutes/", query))
    assert_answered(client.get("/api/v1/substitutes/", query))


@FUZZ
@given(content=st.one_of(st.binary(max_size=4000), st.sampled_from([
    b"\xef\xbb\xbf;;;\n" * 50, b"PK\x03\x04broken", b"\x00" * 100, b'"unclosed\n' * 10,
    ("\u202e" * 300).encode(), b"a," * 60 + b"\n"])), name=hostile_text)
def test_bom_upload(client, content, name):
    before = counts()
    upload = SimpleUploadedFile((name or "x")[:100] or "x", content)
    response = client.post("/substitutes/bom/", {"file": upload})
    assert_answered(response)
    if response.status_code == 302:
        assert_answered(client.get(response["Location"]))
        assert_answered(client.get(response["Location"], {"header": "0", "part": "0"}))
    assert counts() == before


@FUZZ
@given(query=form_of(["id"]), path=hostile_text)
def test_extract_lookup(client, query, path):
    assert_answered(client.get("/verify/", query))
    assert_answered(client.get(f"/verify/{path[:64]}/"))


@FUZZ
@given(query=form_of(["q", "country", "status", "manufacturer", "category", "updated_since",
                      "ordering", "page_size", "cursor", "brief", "fields", "part_number"]))
def test_api_lists(client, query):
    for url in ("/api/v1/products/", "/api/v1/manufacturers/", "/api/v1/categories/"):
        assert_answered(client.get(url, query))


# --- The portal ---------------------------------------------------------------------------------

@pytest.fixture
def representative(client, rep_a, maker_a):
    client.force_login(rep_a)
    return rep_a


ENTRY_FIELDS = ["entry-part_number", "entry-name_ru", "entry-name_en", "entry-description_ru",
                "entry-package", "entry-tnved_code", "entry-okpd2_code",
                "entry-origin_document_date", "param-clock_mhz", "alias-TOTAL_FORMS",
                "alias-INITIAL_FORMS", "alias-0-part_number", "analog-TOTAL_FORMS",
                "analog-0-part_number", "analog-0-compatibility", "stage-TOTAL_FORMS",
                "stage-0-country", "note", "version", "param_category"]


@FUZZ
@given(data=form_of(ENTRY_FIELDS))
def test_new_application(client, representative, maker_a, data):
    category = mcu_category()
    before = counts()
    url = (f"/portal/applications/new/?kind=include&manufacturer={maker_a.pk}"
           f"&category={category.slug}")
    response = client.post(url, {**data, "entry-category": category.slug})
    assert_answered(response)
    created = counts()[2] - before[2]
    assert created == (1 if response.status_code == 302 else 0)


@FUZZ
@given(data=form_of(ENTRY_FIELDS))
def test_editing_a_draft(client, representative, maker_a, data):
    draft = make_application(representative, maker_a, data=include_data(
        mcu_category(), part_number=f"X{Application.objects.count()}"))
    before = (draft.proposal, draft.note, draft.updated_at)
    response = client.post(f"/portal/applications/{draft.pk}/edit/", data)
    assert_answered(response)
    draft.refresh_from_db()
    if response.status_code != 302:
        assert (draft.proposal, draft.note, draft.updated_at) == before


@FUZZ
@given(data=form_of(["country", "name_ru", "name_en", "short_name_ru", "short_name_en", "unp",
                     "inn", "ogrn", "city_ru", "address", "website", "email"]))
def test_admission(client, representative, data):
    before = counts()
    response = client.post("/portal/admission/", data)
    assert_answered(response)
    assert counts()[1] - before[1] == (1 if response.status_code == 302 else 0)


@FUZZ
@given(kind=hostile_value, title=hostile_value, content=st.binary(max_size=2000))
def test_document_upload(client, representative, maker_a, kind, title, content):
    draft = Application.objects.filter(state="draft").first() or make_application(
        representative, maker_a)
    before = counts()
    response = client.post(f"/portal/applications/{draft.pk}/documents/", {
        "kind": kind, "title": title, "file": SimpleUploadedFile("f.pdf", content)})
    assert_answered(response)
    assert counts()[3] - before[3] == (1 if response.status_code == 302 else 0)


@FUZZ
@given(comment=hostile_value)
def test_answers_and_withdrawals(client, representative, maker_a, comment):
    draft = make_application(representative, maker_a, data=include_data(
        mcu_category(), part_number=f"W{Application.objects.count()}"))
    assert_answered(client.post(f"/portal/applications/{draft.pk}/withdraw/",
                                {"comment": comment}))
    draft.refresh_from_db()
    assert draft.state in ("draft", "withdrawn")


@FUZZ
@given(reason=hostile_value)
def test_registrar_decisions(client, registrar, rep_a, maker_a, reason):
    application = make_application(rep_a, maker_a, state="under_review", registrar=registrar,
                                   data=include_data(mcu_category(),
                                                     part_number=f"R{Application.objects.count()}"))
    client.force_login(registrar)
    before = counts()
    response = client.post(f"/admin/registry/application/{application.pk}/reject/",
                           {"reason": reason})
    assert_answered(response)
    application.refresh_from_db()
    decided = counts()[4] - before[4]
    assert (application.state, decided) in (("rejected", 1), ("under_review", 0))


# --- Malformed requests -------------------------------------------------------------------------

MALFORMED = [
    ("multipart/form-data; boundary=xyz", b"--xyz\r\nContent-Disposition: form-data\r\n\r\n"),
    ("multipart/form-data", b"no boundary at all"),
    ("multipart/form-data; boundary=", b"--\r\n\r\n"),
    ("multipart/form-data; boundary=a", b"--a\r\nContent-Disposition: form-data; name=\"file\";"
                                        b" filename=\"x.pdf\"\r\n\r\n%PDF-" + b"\x00" * 100),
    ("application/x-www-form-urlencoded", b"a=%FF%FE&b=\xff\xfe&" + b"x" * 10),
    ("application/x-www-form-urlencoded", b"&".join(b"f%d=1" % n for n in range(2000))),
    ("application/json", b'{"username": ["a"], "password": {"$ne": null}}'),
    ("text/plain", b"\x00\x01\x02"),
]
TARGETS = ["/accounts/login/", "/accounts/signup/", "/substitutes/bom/", "/portal/admission/",
           "/portal/applications/{draft}/documents/", "/portal/applications/{draft}/edit/"]


@pytest.mark.parametrize("content_type, body", MALFORMED)
def test_malformed_bodies_are_refused_and_change_nothing(client, representative, maker_a,
                                                         content_type, body):
    draft = make_application(representative, maker_a)
    before = (counts(), draft.updated_at)
    for target in TARGETS:
        response = client.generic("POST", target.format(draft=draft.pk), body,
                                  content_type=content_type)
        assert_answered(response)
    draft.refresh_from_db()
    assert (counts(), draft.updated_at) == before


def test_a_form_over_the_memory_limit_is_refused(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    before = counts()
    response = client.post("/accounts/signup/", {"username": "x" * 20_000})
    assert response.status_code == 400
    assert counts() == before


def test_invalid_utf8_and_nul_in_addresses_and_queries(client):
    for url in ["/search/?q=%FF%FE%00", "/products/%FF/", "/manufacturers/%C0%AF/",
                "/products/UR-2026-%00/", "/search/?manufacturer=a%00b", "/api/v1/%00/",
                "/substitutes/?part=%ED%A0%80", "/api/v1/products/?q=%FF",
                "/verify/?id=%00%FF", "/api/v1/%FF/"]:
        assert_answered(client.get(url))


def test_a_nul_never_reaches_a_lookup(client, representative, maker_a):
    """PostgreSQL cannot compare text holding a NUL: each door refuses it first."""
    before = counts()
    assert client.get("/products/UR-2026-000001\x00/").status_code == 404
    api = client.get("/api/v1/products/", {"manufacturer": "a\x00"})
    assert api.status_code == 400 and "manufacturer" in api.json()["fields"]
    search = client.get("/search/", {"category": "ics\x00", "manufacturer": "maker-a\x00"})
    assert search.status_code == 400 and "Select a valid choice" in search.content.decode()
    new = client.post(f"/portal/applications/new/?kind=include&manufacturer={maker_a.pk}"
                      f"&category={mcu_category().slug}",
                      {"entry-category": "x\x00", "param_category": "\x00"})
    assert new.status_code == 200 and new.context["forms"].entry.errors["category"]
    admission = client.post("/portal/admission/", {"name_ru": "A\x00B"})
    assert admission.status_code == 200 and admission.context["form"].errors["name_ru"]
    assert counts() == before


def test_a_pdf_upload_with_a_long_polyglot_title(client, representative, maker_a):
    draft = make_application(representative, maker_a)
    response = client.post(f"/portal/applications/{draft.pk}/documents/", {
        "kind": "datasheet", "title": "<script>" * 100,
        "file": SimpleUploadedFile("x.pdf", PDF)})
    assert response.status_code == 200 and "at most 200 characters" in response.content.decode()
    assert not ApplicationDocument.objects.exists()
