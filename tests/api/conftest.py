import datetime
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from manufacturers.models import Manufacturer
from products.models import (
    Category,
    Document,
    ParameterTemplate,
    ProductionStage,
    ProductParameter,
)
from registry import tokens, workflow
from registry.api.webhooks import subscriptions
from registry.models import ChangeEvent, WebhookDelivery
from tests.applications import include_data, make_application, mcu_category, pdf
from tests.factories import make_category, make_manufacturer, make_product

PDF = b"%PDF-1.4\n% datasheet\n"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """Throttle counters live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


def add_details(product, template=None, value="3.3"):
    """Give `product` one of each related row its representation shows."""
    if template is not None:
        ProductParameter.objects.create(product=product, template=template, value=value)
    ProductionStage.objects.create(product=product, stage="design", site="Design centre",
                                   operator=product.manufacturer.name_ru,
                                   country=product.manufacturer.country)
    Document.objects.create(product=product, kind="datasheet", title="Datasheet",
                            file=SimpleUploadedFile("datasheet.pdf", PDF))


@pytest.fixture
def register(maker_a, maker_b):
    """A small register: a category tree, two admitted makers, a pending one."""
    ics = make_category(slug="ics", code="IC", parameters=[("vcc", "number", "V")])
    mcu = make_category(slug="mcu", parent=ics, parameters=[("core", "choice", "")])
    logic = make_category(slug="logic", parent=ics)
    diodes = make_category(slug="diodes")
    vcc = ParameterTemplate.objects.get(category=ics, key="vcc")
    pending = make_manufacturer(slug="pending-maker", status="pending")
    mcu_entry = make_product(
        "К1986ВЕ92QI", manufacturer=maker_b, category=mcu, aliases=["MDR32F9Q2I"],
        analogs=[("STM32F103C8T6", "functional")], name_en="ARM Cortex-M3 microcontroller",
        package="LQFP64", tnved_code="8542319000", okpd2_code="26.11.30",
        decision_number="17-р", decision_date=datetime.date(2026, 1, 1),
        origin_document_kind="certificate", origin_document_number="ST-1 12345",
        origin_document_date=datetime.date(2025, 12, 20),
    )
    add_details(mcu_entry, vcc)
    logic_entry = make_product(
        "IN74HC164AN", manufacturer=maker_a, category=logic, aliases=["КР1564ИР8"],
        analogs=[("74HC164", "pin_to_pin"), ("CD74HC164E", "functional")],
        name_en="8-bit shift register", registered_at=datetime.date(2026, 2, 1),
    )
    suspended = make_product(
        "IN74HC174AN", manufacturer=maker_a, category=logic, status="suspended",
        suspended_at=datetime.date(2026, 3, 1), suspension_reason="Audit",
        analogs=[("74HC174", "pin_to_pin")],
    )
    excluded = make_product(
        "1892ВМ14Я", manufacturer=maker_b, category=mcu, status="excluded",
        excluded_at=datetime.date(2026, 4, 1), exclusion_reason="production_ended",
    )
    hidden = make_product("HIDDEN164", manufacturer=pending, category=logic,
                          analogs=[("74HC164", "pin_to_pin")])
    return SimpleNamespace(
        ics=ics, mcu=mcu, logic=logic, diodes=diodes, pending=pending, mcu_entry=mcu_entry,
        logic_entry=logic_entry, suspended=suspended, excluded=excluded, hidden=hidden,
        public=[mcu_entry, logic_entry, suspended, excluded],
    )


@pytest.fixture
def fed(register, registrar, registrar_ru):
    """Events of every subject in the feed: entries, a manufacturer, a category."""
    entry, maker = register.mcu_entry, register.mcu_entry.manufacturer
    registrar = registrar if maker.country == "BY" else registrar_ru  # the maker's ministry
    workflow.suspend(entry, registrar, "audit")
    workflow.reinstate(entry, registrar)
    workflow.correct_manufacturer(maker, registrar, edit=lambda: rename(Manufacturer, maker))
    workflow.correct_category(register.mcu, registrar, edit=lambda: rename(Category, register.mcu))
    return register


@pytest.fixture
def applied(fed, rep_a, maker_a, registrar):
    """Applications of maker A with documents and decisions, and a token of its rep."""
    category = mcu_category()
    for state in ("draft", "changes_requested", "approved"):
        application = make_application(rep_a, maker_a, state=state, registrar=registrar,
                                       data=include_data(category, part_number=f"P-{state}"))
        if application.is_editable:
            workflow.add_document(application, rep_a, kind="datasheet", file=pdf())
    fed.application = application
    fed.token = issue_token(rep_a, maker_a)
    fed.client_headers = auth(fed.token)
    fed.webhook = log_deliveries(rep_a, 3)
    return fed


def log_deliveries(owner, count):
    """A subscription of `owner` with `count` logged deliveries of the feed's last event."""
    subscription, _secret = subscriptions.subscribe(owner, url="http://127.0.0.1:9/hook")
    event = ChangeEvent.objects.latest("id")
    for attempt in range(1, count + 1):
        WebhookDelivery.objects.create(
            subscription=subscription, event=event, attempt=attempt, outcome="retrying",
            attempted_at=timezone.now(), status_code=500, duration_ms=3, error="answer 500")
    return subscription


def rename(model, obj):
    fresh = model.objects.get(pk=obj.pk)
    fresh.name_en += " (renamed)"
    fresh.save()


def make_full_entries(count, manufacturer, category, template):
    """`count` entries, each with every kind of related row."""
    entries = []
    for n in range(count):
        entry = make_product(manufacturer=manufacturer, category=category,
                             aliases=[f"ALIAS{n}"], analogs=[(f"FOREIGN{n}", "functional")])
        add_details(entry, template, value=str(n))
        entries.append(entry)
    return entries


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def numbers(response):
    return [row["registry_number"] for row in results(response)]


def walk(client, url, params=None):
    """Every row of a paginated list, following the next links."""
    rows, response = [], client.get(url, params or {})
    while True:
        rows += results(response)
        link = response.json()["next"]
        if link is None:
            return rows
        response = client.get(link)


def issue_token(user, *manufacturers, registrar=False, days=90):
    """A token of `user` (for `manufacturers`, or a registrar's); the token itself."""
    scope = "registrar" if registrar else "manufacturers"
    _token, secret = tokens.issue(user, name="ERP", scope=scope, manufacturers=manufacturers,
                                  days=days)
    return secret


def auth(secret):
    """Request headers carrying the token, asking for English."""
    return {"authorization": f"Token {secret}", "accept-language": "en"}
