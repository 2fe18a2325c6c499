"""The two states' registering authorities: which ministry decides, and for whom.

Belarus's Ministry of Industry decides on Belarusian manufacturers' matters, Russia's Ministry
of Industry and Trade on Russian ones. Categories named in JOINT_DECISION_CATEGORIES (slugs; a
category's subcategories are included) are decided jointly: a registrar of either state may
decide there.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

AUTHORITIES = {
    "BY": _("Ministry of Industry of the Republic of Belarus"),
    "RU": _("Ministry of Industry and Trade of the Russian Federation"),
}


def name(state):
    """The ministry of `state` ("BY" / "RU"), or "" for an unknown state."""
    return AUTHORITIES.get(state or "", "")


def joint_path(path):
    """Whether a category, given by its materialised path (/parent/child/), is decided
    jointly."""
    joint = set(getattr(settings, "JOINT_DECISION_CATEGORIES", ()))
    return bool(joint) and any(slug in joint for slug in (path or "").strip("/").split("/"))
