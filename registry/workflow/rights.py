"""Who may take which step: representatives (editors) act for their manufacturer, registrars
decide, and nobody decides on a manufacturer they represent."""

from django.utils.translation import gettext as _

from manufacturers.models import Manufacturer, Membership

from .errors import NotAllowed, TransitionError


def _active(user):
    return user is not None and user.is_authenticated and user.is_active


def role(user, manufacturer):
    """The user's membership role for the manufacturer, or None."""
    if not _active(user):
        return None
    return Membership.objects.filter(user=user, manufacturer=manufacturer) \
        .values_list("role", flat=True).first()


def can_edit(user, manufacturer):
    return role(user, manufacturer) == Membership.Role.EDITOR


def editable_manufacturers(user):
    """Admitted manufacturers the user applies for as an editor (registrars included: in the
    portal a registrar is a representative like any other, or none)."""
    if not _active(user):
        return Manufacturer.objects.none()
    return Manufacturer.objects.admitted().filter(
        memberships__user=user, memberships__role=Membership.Role.EDITOR)


def require_editor(user, manufacturer):
    current = role(user, manufacturer)
    if current is None:
        raise NotAllowed(_("You do not represent %(maker)s.") % {"maker": manufacturer})
    if current != Membership.Role.EDITOR:
        raise NotAllowed(_("You may read the applications of %(maker)s but not change them; "
                           "ask an editor of your organisation.") % {"maker": manufacturer})


def require_admitted(manufacturer):
    if manufacturer.status != Manufacturer.Status.ADMITTED:
        raise TransitionError(_("%(maker)s is not admitted to the register; it can apply for "
                                "products once a registrar admits it.") % {"maker": manufacturer})


def is_registrar(user):
    return _active(user) and user.is_registrar


def require_registrar(user, manufacturer=None):
    if not is_registrar(user):
        raise NotAllowed(_("Only a registrar may take this decision."))
    if manufacturer is not None and role(user, manufacturer) is not None:
        raise NotAllowed(_("You represent %(maker)s; another registrar must decide on its "
                           "matters.") % {"maker": manufacturer})


def require_assignee(user, application):
    """Decisions on an application are taken by the registrar who reviews it."""
    if application.assigned_to_id != user.pk and not user.is_superuser:
        raise NotAllowed(_("Application No. %(number)s is reviewed by another registrar; take "
                           "it for review first.") % {"number": application.reference})
