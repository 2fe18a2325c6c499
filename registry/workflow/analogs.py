"""Declared analogs in bulk: a manufacturer's cross-reference table (products.crossref).

A representative proposes it: one amendment per entry it changes, submitted, and reviewed
by a registrar like any amendment. A registrar may instead load it directly with a reason:
each entry is corrected (workflow.entries.correct_entry) with the reason in the decision log,
the change feed and the entry's history. Either way the whole table goes in one transaction:
a refusal anywhere changes nothing.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from products import crossref
from products.models import Product

from .. import proposals
from ..models import Application, ApplicationKind
from ..models.applications import OPEN_STATES
from . import applications, entries, rights
from .common import check_text, required_text
from .errors import TransitionError

NOTE_MAX = applications.COMMENT_MAX


def check_for_amendment(table, manufacturer):
    """The table checked against the entries; rows of an entry that already has an
    application in progress are refused too (an entry has one at a time)."""
    checked = crossref.check(table, manufacturer)
    busy = dict(Application.objects.filter(
        product__in=[p.pk for p in checked.rows_by_entry], state__in=OPEN_STATES,
    ).values_list("product_id", "pk"))
    for product in [p for p in checked.rows_by_entry if p.pk in busy]:
        checked.drop(product, _(
            "%(part)s already has application No. %(number)06d in progress; finish or withdraw "
            "it first.") % {"part": product.part_number, "number": busy[product.pk]})
    return checked


def propose_analogs(actor, manufacturer, table, *, note="", valid_only=False):
    """Submitted amendments, one per entry the table changes (a list of Application)."""
    rights.require_editor(actor, manufacturer)
    rights.require_admitted(manufacturer)
    note = check_text(note, "note", NOTE_MAX) or _(
        "Foreign analogs declared in a cross-reference table.")
    with transaction.atomic():
        checked = check_for_amendment(table, manufacturer)
        changes = _changes(checked, valid_only)
        submitted = []
        for change in changes:
            data = proposals.of_entry(change.product)
            data["analogs"] = change.analogs
            try:
                application = applications.create_application(
                    actor, manufacturer, ApplicationKind.AMEND, product=change.product,
                    data=data, note=note)
            except ValidationError as error:
                raise _about_entry(change.product, error) from None
            submitted.append(applications.submit(application, actor))
    return submitted


def load_analogs(actor, manufacturer, table, *, reason, valid_only=False):
    """A registrar's direct load: [EntryChanges] of the entries it corrected."""
    reason = check_text(required_text(reason, "reason", _(
        "Say why the table is loaded without an application.")), "reason", 5000)
    rights.require_registrar(actor, manufacturer)
    with transaction.atomic():
        changes = _changes(crossref.check(table, manufacturer), valid_only)
        for change in changes:
            try:
                entries.correct_entry(change.product, actor, reason=reason,
                                      edit=_writer(change.product.pk, change.rows))
            except ValidationError as error:
                raise _about_entry(change.product, error) from None
    return changes


def _writer(pk, rows):
    """Writes the rows onto the entry as it is under the correction's lock, through the
    same path an approved amendment takes (proposals.apply)."""
    def edit():
        entry = Product.objects.get(pk=pk)
        data = proposals.of_entry(entry)
        data["analogs"] = crossref.merge(entry, data["analogs"], rows).analogs
        proposals.apply(data, entry)
    return edit


def _changes(checked, valid_only):
    """The entries a clean table (or its valid rows, when asked) changes; refusals otherwise."""
    if checked.problems and not valid_only:
        raise ValidationError({NON_FIELD_ERRORS: [ngettext(
            "%(n)d row of the table is refused; correct it, or choose to go on with the valid "
            "rows only.",
            "%(n)d rows of the table are refused; correct them, or choose to go on with the "
            "valid rows only.", len(checked.problems)) % {"n": len(checked.problems)}]})
    changes = [change for change in crossref.changes_of(checked) if change.changes_anything]
    if not changes:
        raise TransitionError(_("The table declares nothing the entries do not already say."))
    return changes


def _about_entry(product, error):
    """The proposal of an entry refused by the register's rules, said of that entry."""
    return ValidationError({NON_FIELD_ERRORS: [
        _("%(part)s (%(number)s): %(message)s") % {
            "part": product.part_number, "number": product.registry_number, "message": message}
        for message in error.messages]})
