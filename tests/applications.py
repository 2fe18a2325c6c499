"""Builders of applications for tests, driven through the workflow (no shortcuts)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from manufacturers.models import Manufacturer
from registry import proposals, workflow
from registry.models import ApplicationState
from registry.workflow.steps import APPLICATION, REGISTRAR
from tests.factories import VALID_INN, VALID_OGRN, make_category

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def image_bytes(image_format, size=(8, 8)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, image_format)
    return buffer.getvalue()


PNG = image_bytes("PNG")
JPEG = image_bytes("JPEG")

# Every application state, and the steps that reach it, from the workflow's own table.
PATHS = {state: APPLICATION.path_to(state) for state in ApplicationState.values}
# What the tests' registrar says when a step needs a text.
TEXTS = {"request_changes": "Attach the datasheet.", "reject": "No certificate of origin."}


def mcu_category():
    return make_category(parameters=[("clock_mhz", "number", "MHz"), ("core", "choice", "")])


def include_data(category, part_number="К1986ВЕ92QI", **fields):
    data = proposals.empty(category)
    data.update(part_number=part_number, name_ru="Микроконтроллер", name_en="Microcontroller",
                parameters={"clock_mhz": "80"}, aliases=["MDR32F9Q2I"],
                analogs=[{"part_number": "STM32F103", "manufacturer_name": "ST",
                          "compatibility": "functional", "note": ""}])
    data.update(fields)
    return data


def pdf(name="datasheet.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_application(rep, maker, *, state="draft", kind="include", registrar=None,
                     product=None, data=None, category=None, **approval):
    if kind == "include" and data is None:
        data = include_data(category or mcu_category())
    if kind == "amend" and data is None:
        data = {**proposals.of_entry(product), "package": "LQFP64"}
    note = "Production has ended." if kind == "withdraw" else ""
    application = workflow.create_application(rep, maker, kind, product=product, data=data,
                                              note=note)
    for step in PATHS[state]:
        application = _step(step, application, rep, registrar, approval)
    return application


def _step(step, application, rep, registrar, approval):
    actor = registrar if APPLICATION.sides[step.name] == REGISTRAR else rep
    arguments = {step.comment: TEXTS[step.name]} if step.needs_comment else {}
    if step.name == "approve":
        arguments = approval
        if application.kind == "withdraw":
            approval.setdefault("legal_basis", "Order No. 7")
    return step.function(application, actor, **arguments)


def admission_candidate(**fields):
    """An organisation applying for admission (unsaved), with valid Russian identifiers."""
    values = {"name_ru": "АО «Ангстрем»", "short_name_ru": "Ангстрем", "short_name_en": "Angstrem",
              "country": "RU", "inn": VALID_INN, "ogrn": VALID_OGRN, "address": "Зеленоград",
              "email": "office@example.org"}
    values.update(fields)
    return Manufacturer(**values)
