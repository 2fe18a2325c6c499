
"""The objects the permission matrix reaches: two manufacturers' applications, documents and
entries, a pending applicant, an extract, a staged bill of materials, a reset link, and one
object of every model in the desk. Returns the placeholders of permission_matrix.py."""

import gzip

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from manufacturers.models import Membership
from products import bom, crossref
from products.models import Document, ForeignPart, Product, ProductionStage
from registry import tokens, workflow
from registry.batches.reading import read_catalogue
from registry.extracts import issuing
from registry.models import (
    ChangeEvent,
    DeliveryOutcome,
    ImportRun,
    Subscription,
    TokenScope,
    WebhookDelivery,
    WebhookSubscription,
)
from registry.workflow import batches
from tests.applications import include_data, make_application, mcu_category, pdf
from tests.batches import corrected_bytes, demo_categories, upload
from tests.factories import make_manufacturer, make_product, make_user


def build(rep_a, rep_b, maker_a, maker_b, registrar):
    category = mcu_category()
    product_a = make_product(manufacturer=maker_a, category=category,
                             analogs=[("SN74HC164N", "pin_to_pin")])
    product_b = make_product(manufacturer=maker_b, category=category)
    ProductionStage.objects.create(product=product_a, stage="design", site="Минск",
                                   country="BY")
    public_document = Document(product=product_a, kind="datasheet", title="Datasheet",
                               file=pdf())
    public_document.save()
    draft_a = make_application(rep_a, maker_a, category=category)
    draft_document = workflow.add_document(draft_a, rep_a, kind="datasheet", file=pdf())
    submitted_a = make_application(rep_a, maker_a, kind="amend", product=product_a)
    submitted_document = workflow.add_document(submitted_a, rep_a, kind="datasheet",
                                               file=pdf())
    workflow.submit(submitted_a, rep_a)
    draft_b = make_application(rep_b, maker_b, category=category)
    # An approved inclusion: a registry number issued, its counter kept.
    make_application(rep_a, maker_a, state="approved", registrar=registrar,
                     data=include_data(category, part_number="К1645РУ5"))
    # rep_a also represents an organisation still awaiting admission.
    pending = make_manufacturer(slug="applicant", status="pending")
    Membership.objects.create(user=rep_a, manufacturer=pending)
    extract = issuing.issue(product_a, language="ru", verification_url=lambda code: code,
                            keys_url="/keys").extract
    token_a, _secret = tokens.issue(rep_a, name="ERP", scope=TokenScope.MANUFACTURERS,
                                    manufacturers=[maker_a])
    webhook_a = WebhookSubscription.objects.create(owner=rep_a, url="https://erp.example/hook",
                                                   secret="s" * 32)
    WebhookDelivery.objects.create(subscription=webhook_a, event=ChangeEvent.objects.first(),
                                   attempt=1, attempted_at=timezone.now(),
                                   outcome=DeliveryOutcome.SUCCEEDED, status_code=200)
    # Catalogues of rep_a (checked at once in tests): one staged with an empty row, one of a
    # valid row submitted to the registrars.
    batch_a = batches.check_and_stage(rep_a, maker_a, {}, [(2, {})], file_name="catalogue.csv")
    demo_categories()
    headers, rows = read_catalogue(upload(corrected_bytes()))
    batch_sent_a = batches.check_and_stage(rep_a, maker_a, headers, rows[:1],
                                           file_name="catalogue.csv")
    batches.submit_batch(batch_sent_a, rep_a)
    subscription = Subscription.objects.create(email="engineer@example.org",
                                               query=f"category={category.slug}")
    _one_of_every_desk_model(registrar)
    forgetful = make_user("forgetful")  # signs in nowhere, so their reset link stays valid
    values = {
        "number_a": product_a.registry_number, "number_b": product_b.registry_number,
        "product_a": product_a.pk, "public_document": public_document.pk,
        "maker_a": maker_a.slug, "pending_maker": pending.slug, "pending_maker_pk": pending.pk,
        "category": category.slug, "draft_a": draft_a.pk, "draft_b": draft_b.pk,
        "submitted_a": submitted_a.pk, "draft_document": draft_document.pk,
        "batch_a": batch_a.pk, "batch_sent_a": batch_sent_a.pk,
        "subscription_token": subscription.token,
        "submitted_document": submitted_document.pk, "extract": extract.code,
        "bom_token": bom.stage([(1, ["SN74HC164N"])], "bom.csv"),
        "analogs_token_a": crossref.stage(
            crossref.rows_of([(1, ["Тип", "Аналог"]), (2, [product_a.part_number, "74HC164D"])]),
            user=rep_a.pk, manufacturer=maker_a.pk, name="analogs.csv"),
        "reset_uid": urlsafe_base64_encode(force_bytes(forgetful.pk)),
        "reset_token": default_token_generator.make_token(forgetful),
        "token_a": token_a.pk, "webhook_a": webhook_a.pk,
        "product_type": ContentType.objects.get_for_model(Product).pk,
    }
    values.update(_desk_objects(submitted_a))
    return values


def _one_of_every_desk_model(registrar):
    TOTPDevice.objects.create(user=registrar, name="authenticator", confirmed=True)
    when = timezone.now()
    AccessAttempt.objects.create(username="someone", ip_address="192.0.2.1", user_agent="x",
                                 failures_since_start=1, attempt_time=when)
    AccessLog.objects.create(username="someone", ip_address="192.0.2.1", user_agent="x",
                             attempt_time=when)
    AccessFailureLog.objects.create(username="someone", ip_address="192.0.2.1",
                                    user_agent="x", attempt_time=when, locked_out=False)
    ForeignPart.objects.create(part_number="STM32F103C8T6", source="kicad:MCU_ST_STM32F1")
    ImportRun.objects.create(format="gisp", source_register="gisp", file_name="gisp.csv",
                             file_sha256="0" * 64,
                             report_gz=gzip.compress(b"row,outcome\n2,added\n"),
                             file_gz=gzip.compress(b"x\n"))  # a proposal: its file kept
    DBTaskResult.objects.create(args_kwargs={"args": [], "kwargs": {}}, task_path="x.y",
                                backend_name="default", run_after=when,
                                exception_class_path="", traceback="")


def _desk_objects(submitted):
    """obj_<app>_<model>: the pk of an object of every model in the desk; version_…: one of
    its past versions, for models with history pages."""
    values = {}
    for model in admin.site._registry:
        key = f"{model._meta.app_label}_{model._meta.model_name}"
        if key == "registry_application":
            obj = submitted
        elif key == "registry_batch":  # the submitted one: a staged batch is its maker's own
            obj = model._default_manager.order_by("-pk").first()
        else:
            obj = model._default_manager.order_by("pk").first()
        assert obj is not None, f"the world has no {model._meta.label} to reach"
        values[f"obj_{key}"] = obj.pk
        if hasattr(model, "history"):
            values[f"version_{key}"] = obj.history.order_by("history_id").first().history_id
    return values
