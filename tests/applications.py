"""Builders of applications for tests, driven through the workflow (no shortcuts)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from manufacturers.models import Manufacturer
from registry import proposals, workflow
from tests.factories import VALID_INN, VALID_OGRN, make_category

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def image_bytes(image_format, size=(8, 8)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, image_format)
    return buffer.getvalue()


PNG = image_bytes("PNG")
JPEG = image_bytes("JPEG")

# Application states, in the order the workflow reaches them.
PATHS = {
    "draft": [],
    "submitted": ["submit"],
    "under_review": ["submit", "take"],
    "changes_requested": ["submit", "take", "request_changes"],
    "approved": ["submit", "take", "approve"],
    "rejected": ["submit", "take", "reject"],
    "withdrawn": ["withdraw"],
}


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
    if step == "submit":
        return workflow.submit(application, rep)
    if step == "take":
        return workflow.take_for_review(application, registrar)
    if step == "request_changes":
        return workflow.request_changes(application, registrar, "Attach the datasheet.")
    if step == "approve":
        if application.kind == "withdraw":
            approval.setdefault("legal_basis", "Order No. 7")
        return workflow.approve(application, registrar, **approval)
    if step == "reject":
        return workflow.reject(application, registrar, "No certificate of origin.")
    return workflow.withdraw_application(application, rep)


def admission_candidate(**fields):
    """An organisation applying for admission (unsaved), with valid Russian identifiers."""
    values = {"name_ru": "АО «Ангстрем»", "short_name_ru": "Ангстрем", "short_name_en": "Angstrem",
              "country": "RU", "inn": VALID_INN, "ogrn": VALID_OGRN, "address": "Зеленоград",
              "email": "office@example.org"}
    values.update(fields)
    return Manufacturer(**values)
