"""The compatibility level a candidate can honestly claim, its score, and the package note.

Levels: pin-to-pin (same package and pin count: the board stays as it is), functional (same
function, another footprint or pinout) and parametric (an entry of the same category whose
parameters cover the foreign part's; nobody declared it).
"""

from django.utils.translation import gettext_lazy as _

from ..models.parts import Compatibility

PIN_TO_PIN, FUNCTIONAL, PARAMETRIC = (Compatibility.PIN_TO_PIN, Compatibility.FUNCTIONAL,
                                      Compatibility.PARAMETRIC)
LEVEL_RANK = {PIN_TO_PIN: 1, FUNCTIONAL: 2, PARAMETRIC: 3}
OTHER_PACKAGE_LABEL = _("functional, other package")

SAME_PACKAGE, OTHER_PACKAGE, PACKAGE_UNKNOWN = "same", "other", "unknown"

# The score (0–100): the level sets the base; what the comparison shows moves it.
LEVEL_BASE = {PIN_TO_PIN: 70, FUNCTIONAL: 55, PARAMETRIC: 35}
DECLARED_BONUS = {"part": 15, "family": 10}  # declared for this very part, or its family
COMPARISON_WEIGHT = 15  # the share of stated parameters that are equal or better
WORSE_PENALTY = 20  # the share of stated parameters that are worse
SAME_PACKAGE_BONUS = 10  # a parametric candidate that fits the same footprint
OTHER_PACKAGE_PENALTY = 5


def package_relation(foreign, domestic):
    if foreign is None or domestic is None:
        return PACKAGE_UNKNOWN
    same = foreign.same_as(domestic)
    return PACKAGE_UNKNOWN if same is None else (SAME_PACKAGE if same else OTHER_PACKAGE)


def level(declared, relation):
    """The level shown: a declaration is trusted unless the packages are known to differ."""
    if declared is None:
        return PARAMETRIC
    if declared == PIN_TO_PIN and relation == OTHER_PACKAGE:
        return FUNCTIONAL
    return declared


def level_label(declared, relation):
    if declared == PIN_TO_PIN and relation == OTHER_PACKAGE:
        return OTHER_PACKAGE_LABEL
    return Compatibility(level(declared, relation)).label


def score(level_, match, rows, relation):
    """match: "part", "family" or None (parametric); rows: the comparison."""
    value = LEVEL_BASE[level_] + DECLARED_BONUS.get(match, 0)
    if rows:
        good = sum(1 for row in rows if row.verdict in ("equal", "better"))
        worse = sum(1 for row in rows if row.verdict == "worse")
        value += round(COMPARISON_WEIGHT * good / len(rows) - WORSE_PENALTY * worse / len(rows))
    if relation == SAME_PACKAGE and level_ == PARAMETRIC:
        value += SAME_PACKAGE_BONUS
    if relation == OTHER_PACKAGE:
        value -= OTHER_PACKAGE_PENALTY
    return max(0, min(100, value))


def package_note(part, foreign, domestic, relation, declared):
    """A plain sentence when the package or pin count differs or cannot be checked."""
    if relation == OTHER_PACKAGE:
        if foreign.kind == domestic.kind or foreign.pins == domestic.pins or not (
                foreign.pins and domestic.pins):
            return _("Other package: %(domestic)s instead of %(foreign)s of %(part)s; the "
                     "board layout must change.") % {
                "domestic": domestic, "foreign": foreign, "part": part}
        return _("Other package and pin count: %(domestic)s (%(d_pins)d pins) instead of "
                 "%(foreign)s (%(f_pins)d pins) of %(part)s.") % {
            "domestic": domestic, "d_pins": domestic.pins, "foreign": foreign,
            "f_pins": foreign.pins, "part": part}
    if relation == PACKAGE_UNKNOWN and declared == PIN_TO_PIN:
        if domestic is None:
            return _("Declared pin-to-pin, but the entry does not state its package: check "
                     "it against your board.")
        return _("Declared pin-to-pin in %(domestic)s; the package of %(part)s is not known "
                 "here: check it.") % {"domestic": domestic, "part": part}
    return ""
