"""Whether a product is made inside the Union State, stage by stage, in plain words."""

from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .models.production import UNION_STATE, Stage

# The stages that make a chip domestic; testing is reported but does not decide.
DECIDING = (Stage.DESIGN, Stage.WAFER_FAB, Stage.ASSEMBLY)

INSIDE, OUTSIDE, PARTLY_DECLARED, NOT_DECLARED = "inside", "outside", "partly", "undeclared"


@dataclass
class Verdict:
    kind: str
    text: str

    @property
    def is_domestic(self):
        return self.kind == INSIDE


def _names(stages):
    return ", ".join(str(Stage(s).label) for s in stages)


def verdict(stages):
    """The answer for a product's production stages (ProductionStage rows)."""
    by_stage = {s.stage: s for s in stages}
    declared = [s for s in DECIDING if s in by_stage]
    outside = [s for s in declared if by_stage[s].country not in UNION_STATE]
    if not declared:
        return Verdict(NOT_DECLARED, str(_("The production chain is not declared.")))
    if outside:
        places = "; ".join(f"{Stage(s).label} — {by_stage[s].country}" for s in outside)
        return Verdict(OUTSIDE, str(format_lazy(
            _("Not entirely inside the Union State: {places}."), places=places)))
    if len(declared) < len(DECIDING):
        missing = [s for s in DECIDING if s not in by_stage]
        return Verdict(PARTLY_DECLARED, str(format_lazy(
            _("Declared stages are inside the Union State ({declared}); not declared: "
              "{missing}."), declared=_names(declared), missing=_names(missing))))
    return Verdict(INSIDE, str(_("Designed, fabricated and packaged inside the Union State.")))
