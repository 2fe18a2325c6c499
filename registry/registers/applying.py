"""Applying a staged file: the registrar's decisions, taken through the workflow.

New manufacturers are admitted (`admit_from_register`), added records registered
(`register_directly`), changed records corrected (`correct_entry`), each with the basis
"imported from <register>, record <n>", so the decision log, the field history and the change
feed show them as any decision (without an e-mail per entry to the manufacturer's
representatives: a register's file holds thousands). Everything happens in one transaction:
a run that is stopped half-way leaves nothing; a row the workflow refuses is reported and the
others go on.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from manufacturers.models import Manufacturer
from products.models import Product

from ..workflow import (
    NotAllowed,
    TransitionError,
    admit_from_register,
    correct_entry,
    register_directly,
)
from .staging import ADDED, CHANGED, ERROR, StagedRow, Staging

REFUSALS = (ValidationError, TransitionError, NotAllowed)


def basis(register: str, record: str) -> str:
    return _("imported from %(register)s, record %(record)s") % {
        "register": register, "record": record}


def _message(error) -> str:
    if isinstance(error, ValidationError):
        if hasattr(error, "message_dict"):
            return "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
        return " ".join(error.messages)
    return str(error)


def describe(row: StagedRow) -> str:
    if row.outcome == ADDED:
        return ""
    return "; ".join(f"{name}: {_show(old)} → {_show(new)}"
                     for name, (old, new) in sorted(row.changes.items()))


def _show(value) -> str:
    if value in (None, ""):
        return "—"
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def report_staged(staging: Staging) -> None:
    """A dry run: the rows that would be applied, as the report shows them."""
    for row in staging.staged():
        staging.report.line(row.row, row.record, row.outcome, row.registry_number, "",
                            describe(row))


def apply(staging: Staging, actor) -> None:
    fmt = staging.format
    with transaction.atomic():
        makers: dict[tuple, Manufacturer | str] = {}
        for key, new in staging.new_makers.items():
            if not new.rows:
                continue
            try:
                with transaction.atomic():
                    makers[key] = admit_from_register(
                        Manufacturer(**new.fields), actor, basis(fmt.register, new.record))
            except REFUSALS as error:
                makers[key] = _("The manufacturer could not be admitted: %(error)s") % {
                    "error": _message(error)}
        for row in staging.staged():
            maker = makers.get(row.maker_key) if row.maker_key else None
            if isinstance(maker, str):
                _refused(staging, row, maker)
                continue
            try:
                with transaction.atomic():
                    product = _apply_row(row, actor, fmt, maker)
            except REFUSALS as error:
                _refused(staging, row, _message(error))
                continue
            staging.report.line(row.row, row.record, row.outcome, product.registry_number, "",
                                describe(row))


def _refused(staging, row, message):
    staging.counts[row.outcome] -= 1
    staging.counts[ERROR] += 1
    staging.report.line(row.row, row.record, ERROR, "", "", message)


def _apply_row(row: StagedRow, actor, fmt, maker) -> Product:
    reason = basis(fmt.register, row.record)
    values = row.values
    entry = {k: v for k, v in values.items() if k not in ("valid_until", "record_date")}
    if row.outcome == ADDED:
        if maker is None:
            assert row.maker_pk is not None  # a row names a known maker or one to admit
            maker = Manufacturer.objects.get(pk=row.maker_pk)
        product = Product(
            manufacturer=maker,
            category_id=row.category_id, **entry, valid_until=values["valid_until"],
            source_register=fmt.name, source_record_number=row.record,
            source_record_date=values["record_date"], source_valid_until=values["valid_until"],
        )
        product.full_clean(exclude=["registry_number", "registered_at", "status"],
                           validate_constraints=False)
        return register_directly(product, actor, reason=reason, notify=False)
    assert row.outcome == CHANGED
    product = Product.objects.select_related("manufacturer").get(pk=row.product_pk)

    def edit():
        current = Product.objects.get(pk=product.pk)
        for name, (_old, new) in row.changes.items():
            if name == "valid_until":
                current.source_valid_until = new
                # Without a term in the register, the entry keeps the register's own.
                current.valid_until = new or current.valid_until
            else:
                setattr(current, name, new)
        current.full_clean(validate_constraints=False)
        current.save()

    return correct_entry(product, actor, reason=reason, edit=edit, notify=False)
