"""What an outside test of the API and the pages found, each held by a test: embedded-IPv4
webhook addresses, hostile and oversized proposals, nested JSON, invisible characters, wrong
JSON types, the public BOM upload, backups, the schema and the caching of signed-in pages."""

import socket

import pytest
from django.core.cache import cache

from registry import workflow
from registry.models import WebhookDelivery
from tests.api.conftest import auth, issue_token
from tests.applications import include_data, mcu_category
from tests.factories import make_product

JSON = "application/json"
WEBHOOKS = "/api/v1/webhooks/"
APPLICATIONS = "/api/v1/applications/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def secret(rep_a, maker_a):
    return issue_token(rep_a, maker_a)


# --- 1. Webhook receivers behind IPv6 forms of private IPv4 addresses ---------------------------

EMBEDDED_PRIVATE = [
    "https://[64:ff9b::a9fe:a9fe]/",       # NAT64 of 169.254.169.254
    "https://[64:ff9b:1::a00:5]/",         # local-use NAT64
    "https://[2002:a9fe:a9fe::1]/",        # 6to4 of 169.254.169.254
    "https://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/",  # Teredo
    "https://[::a9fe:a9fe]/",              # IPv4-compatible 169.254.169.254
    "https://[::7f00:1]/",                 # IPv4-compatible 127.0.0.1
    "https://[::ffff:10.0.0.5]/",          # IPv4-mapped
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", EMBEDDED_PRIVATE)
def test_webhook_refuses_ipv6_forms_of_private_ipv4_on_post_and_patch(client, secret, settings,
                                                                     url):
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    refused = client.post(WEBHOOKS, {"url": url}, content_type=JSON, headers=auth(secret))
    assert refused.status_code == 400, url
    assert "url" in refused.json()["fields"]
    made = client.post(WEBHOOKS, {"url": "https://93.184.216.34/hooks"}, content_type=JSON,
                       headers=auth(secret))
    assert made.status_code == 201
    patched = client.patch(made.json()["api_url"], {"url": url}, content_type=JSON,
                           headers=auth(secret))
    assert patched.status_code == 400, url
    assert "url" in patched.json()["fields"]


@pytest.mark.django_db
def test_webhook_accepts_a_public_nat64_address(client, secret, settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    made = client.post(WEBHOOKS, {"url": "https://[64:ff9b::5db8:d822]/"}, content_type=JSON,
                       headers=auth(secret))
    assert made.status_code == 201, made.content


@pytest.mark.django_db(transaction=True)
def test_webhook_name_rebound_to_an_embedded_private_address_is_not_called(
        client, secret, registrar_ru, settings, monkeypatch):
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    answers = {"hooks.example.org": "93.184.216.34"}
    real = socket.getaddrinfo

    def resolver(host, port, *args, **kwargs):
        if host in answers:
            family = socket.AF_INET6 if ":" in answers[host] else socket.AF_INET
            return [(family, socket.SOCK_STREAM, 6, "", (answers[host], port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    made = client.post(WEBHOOKS, {"url": "https://hooks.example.org/in"}, content_type=JSON,
                       headers=auth(secret))
    assert made.status_code == 201, made.content
    answers["hooks.example.org"] = "64:ff9b::a9fe:a9fe"  # the name now points inside
    workflow.suspend(make_product(), registrar_ru, "audit")  # a Russian maker's entry
    log = WebhookDelivery.objects.get()
    assert log.status_code is None
    assert log.error.startswith("refused:") and "private or reserved" in log.error


# --- 2, 3, 5, 6. What a proposal may hold, through the API (POST and PATCH) and the portal ------

def create(client, token, maker, **changes):
    proposal = include_data(mcu_category(), part_number="К1986ВЕ1Т")
    proposal.update(changes)
    return client.post(APPLICATIONS, {"kind": "include", "manufacturer": maker.slug,
                                      "proposal": proposal},
                       content_type=JSON, headers=auth(token))


def patch(client, token, application_id, **changes):
    return client.patch(f"{APPLICATIONS}{application_id}/", {"proposal": changes},
                        content_type=JSON, headers=auth(token))


def field_messages(response):
    assert response.status_code == 400, response.content
    return {path: [m["message"] for m in messages]
            for path, messages in response.json()["fields"].items()}


@pytest.fixture
def draft(client, secret, maker_a):
    response = create(client, secret, maker_a)
    assert response.status_code == 201, response.content
    return response.json()["id"]


@pytest.mark.django_db
@pytest.mark.parametrize(("section", "rows", "limit"), [
    ("aliases", [f"ALIAS{i}" for i in range(201)], 200),
    ("analogs", [{"part_number": f"AN{i}", "compatibility": "functional"} for i in range(201)],
     200),
    ("production", [{"stage": "design", "site": "S", "operator": "O", "country": "BY"}] * 21,
     20),
])
def test_a_proposal_list_beyond_its_limit_is_refused_with_a_message(client, secret, maker_a,
                                                                   draft, section, rows, limit):
    message = f"At most {limit} rows are allowed here; {len(rows)} were sent."
    assert field_messages(create(client, secret, maker_a, **{section: rows})) == {
        f"proposal.{section}": [message]}
    assert field_messages(patch(client, secret, draft, **{section: rows})) == {
        f"proposal.{section}": [message]}


@pytest.mark.django_db
def test_too_many_parameters_are_refused(client, secret, maker_a):
    parameters = {f"p{i}": "1" for i in range(201)}
    assert field_messages(create(client, secret, maker_a, parameters=parameters)) == {
        "proposal.parameters": ["At most 200 rows are allowed here; 201 were sent."]}


NUL = "Remove the null character (\\x00) from the text."


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "path"), [
    ({"part_number": "L78\x0005"}, "part_number"),
    ({"name_ru": "Стабилизатор\x00"}, "name_ru"),
    ({"package": "TO\x00220"}, "package"),
    ({"description_en": "x\x00"}, "description_en"),
    ({"origin_document_number": "12\x00"}, "origin_document_number"),
    ({"category": "mcu\x00"}, "category"),
    ({"aliases": ["L7805\x00"]}, "aliases.0"),
    ({"analogs": [{"part_number": "LM\x007805", "compatibility": "functional"}]},
     "analogs.0.part_number"),
    ({"analogs": [{"part_number": "LM7805", "compatibility": "functional", "note": "\x00"}]},
     "analogs.0.note"),
    ({"parameters": {"clock_mhz": "8\x000"}}, "parameters.clock_mhz"),
])
def test_a_nul_in_any_proposal_field_is_a_400_naming_the_field(client, secret, maker_a, draft,
                                                             changes, path):
    for response in (create(client, secret, maker_a, **changes),
                     patch(client, secret, draft, **changes)):
        messages = field_messages(response)
        if path == "category":  # the category's parameters are then unknown too
            assert messages["proposal.category"] == ["There is no such category."]
        else:
            assert messages == {f"proposal.{path}": [NUL]}


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "path", "code"), [
    ({"part_number": "L78\u202e05"}, "part_number", "202E"),
    ({"part_number": "L78\u200b05"}, "part_number", "200B"),
    ({"part_number": "L78\x1b05"}, "part_number", "001B"),
    ({"aliases": ["L78\u2066"]}, "aliases.0", "2066"),
    ({"analogs": [{"part_number": "\u200dLM7805", "compatibility": "functional"}]},
     "analogs.0.part_number", "200D"),
    ({"tnved_code": "8542\u00ad319000"}, "tnved_code", "00AD"),
])
def test_invisible_and_bidi_characters_are_refused_in_identifiers(client, secret, maker_a, draft,
                                                                 changes, path, code):
    for response in (create(client, secret, maker_a, **changes),
                     patch(client, secret, draft, **changes)):
        messages = field_messages(response)
        assert list(messages) == [f"proposal.{path}"]
        assert f"U+{code}" in messages[f"proposal.{path}"][0]


@pytest.mark.django_db
def test_invisible_characters_are_refused_through_the_portal_too(client, rep_a, maker_a):
    from registry.models import Application
    from tests.portal.forms import proposal_post
    client.force_login(rep_a)
    category = mcu_category()
    data = include_data(category, part_number="L78\u202e05")
    choice = f"?kind=include&manufacturer={maker_a.pk}&category={category.slug}"
    response = client.post(f"/portal/applications/new/{choice}", proposal_post(data))
    assert response.status_code == 200
    assert "U+202E" in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_stored_text_is_normalised_to_nfc(client, secret, maker_a):
    decomposed = "Микросхема с и\u0306"  # й written as и + combining breve
    response = create(client, secret, maker_a, name_ru=decomposed,
                      aliases=["K1986BE1T-\u0415\u0308"])
    assert response.status_code == 201, response.content
    proposal = response.json()["proposal"]
    assert proposal["name_ru"] == "Микросхема с й"
    assert proposal["aliases"] == ["K1986BE1T-Ё"]


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "path"), [
    ({"part_number": ["L7805"]}, "part_number"),
    ({"part_number": 7805}, "part_number"),
    ({"name_ru": {"ru": "x"}}, "name_ru"),
    ({"aliases": [["L7805"]]}, "aliases.0"),
    ({"analogs": [{"part_number": ["LM7805"], "compatibility": "functional"}]},
     "analogs.0.part_number"),
    ({"production": [{"stage": "design", "site": {"a": 1}, "operator": "O", "country": "BY"}]},
     "production.0.site"),
    ({"production": [{"stage": "design", "site": "S", "operator": "O", "country": "BY",
                      "process_nm": "90"}]}, "production.0.process_nm"),
    ({"parameters": {"clock_mhz": 80}}, "parameters.clock_mhz"),
    ({"parameters": {"clock_mhz": [80]}}, "parameters.clock_mhz"),
])
def test_wrong_json_types_are_refused_not_stringified(client, secret, maker_a, draft, changes,
                                                      path):
    for response in (create(client, secret, maker_a, **changes),
                     patch(client, secret, draft, **changes)):
        messages = field_messages(response)
        assert list(messages) == [f"proposal.{path}"], messages
        assert len(messages[f"proposal.{path}"]) == 1


# --- 2. The registry number is taken last, after the entry's rows are written ------------------

GATE = 16_002  # an advisory lock key the test holds while the big approval writes its aliases


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_maximal_inclusion_writes_its_rows_before_it_takes_the_number(rep_a, maker_a):
    """While the largest proposal allowed is being written, the number counter stays free:
    another approval takes its number and finishes. The big approval is held inside the
    INSERT of its aliases by a trigger waiting for a lock this test holds, so what is
    observed is where the counter lock is taken, not how fast anything runs."""
    import threading
    import time

    from django.conf import settings as django_settings
    from django.db import OperationalError, connection, transaction
    from django.utils import timezone, translation

    from products.models import PartAlias, Product
    from registry.models import RegistryCounter
    from registry.proposals.limits import MAX_ALIASES, MAX_ANALOGS
    from tests.applications import make_application
    from tests.factories import make_user

    first, second = (make_user(f"desk{i}", is_staff=True, is_superuser=True) for i in range(2))
    category = mcu_category()
    big_data = include_data(
        category, part_number="К1986ВЕ1Т",
        aliases=[f"ALIAS{i}" for i in range(MAX_ALIASES)],
        analogs=[{"part_number": f"AN{i}", "manufacturer_name": "", "compatibility":
                  "functional", "note": ""} for i in range(MAX_ANALOGS)],
        production=[{"stage": stage, "site": "S", "operator": "O", "country": "BY",
                     "process_nm": None} for stage in ("design", "wafer_fab", "assembly",
                                                       "test")])
    big = make_application(rep_a, maker_a, state="under_review", registrar=first, data=big_data)
    small = make_application(rep_a, maker_a, state="under_review", registrar=second)
    year = timezone.localdate().year
    RegistryCounter.objects.create(prefix=django_settings.REGISTRY_NUMBER_PREFIX, year=year)
    table = PartAlias._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"""
            CREATE FUNCTION test_alias_gate() RETURNS trigger AS $$
            BEGIN PERFORM pg_advisory_xact_lock_shared({GATE}); RETURN NULL; END
            $$ LANGUAGE plpgsql;
            CREATE TRIGGER test_alias_gate AFTER INSERT ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION test_alias_gate();""")
        cursor.execute("SELECT pg_advisory_lock(%s)", [GATE])
    errors = []

    def approve_big():
        try:
            with translation.override("en"):
                workflow.approve(big, first)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=approve_big)
    try:
        thread.start()
        with connection.cursor() as cursor:  # wait until it is inside its aliases' INSERT
            deadline = time.monotonic() + 120
            while thread.is_alive() and time.monotonic() < deadline:
                cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                               "AND objid = %s AND NOT granted", [GATE])
                if cursor.fetchone()[0]:
                    break
                time.sleep(0.05)
            else:
                raise AssertionError(f"The approval never reached its aliases: {errors}")
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT last_number FROM registry_registrycounter "
                               "WHERE year = %s FOR UPDATE NOWAIT", [year])
        except OperationalError:
            pytest.fail("The counter is locked while the entry's rows are being written.")
        workflow.approve(small, second)  # not kept waiting by the big one
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [GATE])
        thread.join()
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER test_alias_gate ON {table};"
                           "DROP FUNCTION test_alias_gate();")
    assert errors == []
    small_entry = Product.objects.get(part_number="К1986ВЕ92QI")
    big_entry = Product.objects.get(part_number="К1986ВЕ1Т")
    # Gapless, in the order the approvals finished.
    assert small_entry.registry_number == f"UR-{year}-000001"
    assert big_entry.registry_number == f"UR-{year}-000002"
    assert big_entry.aliases.count() == MAX_ALIASES
    assert big_entry.analogs.count() == MAX_ANALOGS
    # One history record of the entry, made with its real number; one for each row.
    assert list(big_entry.history.values_list("history_type", "registry_number")) == [
        ("+", big_entry.registry_number)]
    assert PartAlias.history.filter(product_id=big_entry.pk, history_type="+").count() \
        == MAX_ALIASES


@pytest.mark.django_db
def test_approving_a_maximal_inclusion_takes_a_few_statements_more_than_a_small_one(rep_a,
                                                                               maker_a):
    """The rows of an entry are written in bulk: an entry with 400 more rows than another costs
    a few statements more (SQLite splits a long INSERT into batches), not one per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from products.models import ForeignAnalog, PartAlias
    from registry.models import Application
    from registry.proposals.limits import MAX_ALIASES, MAX_ANALOGS
    from tests.applications import make_application
    from tests.factories import make_user

    desk = make_user("desk", is_staff=True, is_superuser=True)
    category = mcu_category()
    small = make_application(rep_a, maker_a, state="under_review", registrar=desk)
    big = make_application(rep_a, maker_a, state="under_review", registrar=desk,
                           data=include_data(
        category, part_number="К1986ВЕ1Т", aliases=[f"ALIAS{i}" for i in range(MAX_ALIASES)],
        analogs=[{"part_number": f"AN{i}", "manufacturer_name": "", "compatibility":
                  "functional", "note": ""} for i in range(MAX_ANALOGS)]))
    counted = []
    for application in (small, big):
        with CaptureQueriesContext(connection) as queries:
            workflow.approve(application, desk)
        counted.append(len(queries))
    assert counted[1] - counted[0] < 20, counted
    entry = Application.objects.get(pk=big.pk).product
    assert entry.aliases.count() == MAX_ALIASES and entry.analogs.count() == MAX_ANALOGS
    assert PartAlias.history.filter(product_id=entry.pk).count() == MAX_ALIASES
    assert ForeignAnalog.history.filter(product_id=entry.pk).count() == MAX_ANALOGS


# --- 4. Deeply nested JSON ----------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("body", ["[" * 5000, '{"a":' * 5000, "[" * 5000 + "]" * 5000])
def test_deeply_nested_json_is_a_400_in_the_api_error_shape(client, secret, body):
    response = client.post(APPLICATIONS, body, content_type=JSON, headers=auth(secret))
    assert response.status_code == 400
    assert response.json() == {"code": "parse_error", "detail": "The JSON is nested too deeply.",
                               "fields": {}}


# --- 10. Signed-in pages are not kept by any cache ----------------------------------------------

@pytest.mark.django_db
def test_signed_in_pages_are_private_no_store_and_anonymous_pages_unchanged(
        client, rep_a, registrar, secret):
    product = make_product()
    public = [f"/products/{product.registry_number}/", "/"]
    anonymous = {url: client.get(url) for url in public}
    for url, response in anonymous.items():
        assert response.status_code == 200
        assert "no-store" not in response.get("Cache-Control", ""), url
    client.force_login(rep_a)
    for url in ["/portal/", *public]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url
    client.force_login(registrar)
    desk = client.get("/admin/")
    assert desk["Cache-Control"] == "private, no-store"
    client.logout()
    api = client.get(APPLICATIONS, headers=auth(secret))
    assert api.status_code == 200 and api["Cache-Control"] == "private, no-store"
    assert "no-store" not in client.get("/api/v1/products/").get("Cache-Control", "")


# --- 7. The public BOM upload: limited per client, what is kept is capped ------------------------

@pytest.mark.django_db
def test_bom_uploads_are_limited_per_client_across_page_and_api(client, settings):
    settings.BOM_RATE_LIMIT = 3
    page = [client.post("/substitutes/bom/", {"text": f"SN74HC164N {i}"}) for i in range(2)]
    assert [r.status_code for r in page] == [302, 302]
    api = client.post("/api/v1/substitutes/bom/", {"lines": [{"part": "SN74HC164N"}]},
                      content_type=JSON)
    assert api.status_code == 200
    refused_api = client.post("/api/v1/substitutes/bom/", {"lines": [{"part": "LM317T"}]},
                              content_type=JSON)
    assert refused_api.status_code == 429 and int(refused_api["Retry-After"]) > 0
    assert refused_api.json()["code"] == "throttled"
    assert "Too many bills of materials" in refused_api.json()["detail"]
    refused_page = client.post("/substitutes/bom/", {"text": "LM317T 1"},
                               headers={"accept-language": "en"})
    assert refused_page.status_code == 429
    assert "Too many bills of materials" in refused_page.content.decode()
    other = client.post("/substitutes/bom/", {"text": "LM317T 1"}, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302  # another client has its own budget


@pytest.mark.django_db
def test_a_bom_too_large_to_keep_is_refused_with_a_message_and_not_cached(client):
    cell = "X" * 190
    lines = "\n".join(f"P{i:05d};{cell};{cell};{cell}" for i in range(1800))  # ~1 MB of text
    response = client.post("/substitutes/bom/", {"text": lines},
                           headers={"accept-language": "en"})
    assert response.status_code == 400
    assert "the page keeps lists of at most 1000000" in response.content.decode()
    assert not [key for key in cache._cache if key.startswith(":1:bom:")]


# --- 9. The schema says what the server enforces ------------------------------------------------

def request_bodies(schema):
    components = schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for content in operation.get("requestBody", {}).get("content", {}).values():
                name = content["schema"]["$ref"].rsplit("/", 1)[-1]
                yield f"{method.upper()} {path}", name, components[name]


@pytest.mark.django_db
def test_the_schema_bounds_what_clients_may_send(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    loose = []
    for operation, name, body in request_bodies(schema):
        for field in body.get("required", []):
            prop = body["properties"][field]
            if prop.get("type") == "string" and "enum" not in prop and "format" not in prop \
                    and prop.get("minLength", 0) < 1:
                loose.append(f"{operation} {name}.{field}")
    assert loose == []
    components = schema["components"]["schemas"]
    for name in ("WebhookCreate", "PatchedWebhookUpdate"):
        secret = components[name]["properties"]["secret"]
        assert (secret["minLength"], secret["maxLength"]) == (24, 128), name
    for name in ("Reject", "RequestChanges"):
        (field,) = components[name]["required"]
        assert components[name]["properties"][field]["maxLength"] == 5000
    narrowing = {p["name"]: p["description"]
                 for p in schema["paths"]["/api/v1/products/"]["get"]["parameters"]
                 if p["name"] in ("brief", "fields")}
    assert "Not together with fields" in narrowing["brief"]
    assert "Not together with brief" in narrowing["fields"]


@pytest.mark.django_db
def test_the_server_refuses_what_the_schema_refuses(client, secret):
    short = client.post(WEBHOOKS, {"url": "https://93.184.216.34/", "secret": "x" * 23},
                        content_type=JSON, headers=auth(secret))
    long = client.post(WEBHOOKS, {"url": "https://93.184.216.34/", "secret": "x" * 129},
                       content_type=JSON, headers=auth(secret))
    assert (short.status_code, long.status_code) == (400, 400)
    assert "secret" in short.json()["fields"] and "secret" in long.json()["fields"]
    both = client.get("/api/v1/products/", {"brief": "true", "fields": "part_number"})
    assert both.status_code == 400
