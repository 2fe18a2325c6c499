"""An entry's declared analogs compared with the reference catalogue's rows for them."""

from .. import partnumbers
from ..models import ForeignPart
from . import profiles
from .candidates import SAME_PART, candidate, compare


def analog_comparisons(product):
    """[(analog, Candidate or None)]: the comparison where the catalogue knows the part.

    Reads the entry's prefetched analogs and parameters (with their templates); one query
    for the catalogue rows of all analogs.
    """
    analogs = list(product.analogs.all())
    keys = {analog.pk: partnumbers.PartKeys.of(analog.part_number) for analog in analogs}
    families = {k.family for k in keys.values() if k.skeleton}
    rows: dict = {}
    if families:
        for row in (ForeignPart.objects.filter(key_family__in=families)
                    .select_related("category").order_by("part_number")):
            rows.setdefault(row.key_family, []).append(row)
    values = {p.template.key: p.value for p in product.parameters.all()}
    templates = profiles.all_templates()

    def columns(category):
        return profiles.Columns.of(category, templates)

    found = []
    for analog in analogs:
        k = keys[analog.pk]
        profile = profiles.profile_of(analog.part_number, k, rows.get(k.family, []), [], {})
        if profile.source != profiles.CATALOGUE:
            found.append((analog, None))
            continue
        found.append((analog, candidate(
            analog.part_number, product, analog.compatibility, profile,
            compare(profile, product, values, columns), analog=analog, match=SAME_PART)))
    return found
