"""What a request reaches: its user's rights (the models' `restrict`), narrowed by the scope
of the token it came with. A session (the docs page) is not narrowed."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, PermissionDenied

from manufacturers.models import Manufacturer

from ..models import ApiToken, Application
from ..workflow.steps import REGISTRAR, REPRESENTATIVE

# The scopes are the sides of the workflow's steps: a token acts for one side.
__all__ = ["NOT_FOUND", "REGISTRAR", "REPRESENTATIVE", "Scope"]
NOT_FOUND = _("You have no application with this number.")


class Scope:
    def __init__(self, request):
        self.user = request.user
        self.token = request.auth if isinstance(request.auth, ApiToken) else None

    def applications(self, action="view"):
        queryset = Application.objects.restrict(self.user, action)
        if self.token is None:
            return queryset
        if self.token.acts_as_registrar:
            return queryset.filter(submitted_at__isnull=False)  # a registrar's view
        return queryset.filter(manufacturer__in=self.token.manufacturers.all())

    def application(self, pk):
        """The application, if the request may see it; else 404, as if there were none."""
        found = self.applications().filter(pk=pk).first()
        if found is None:
            raise NotFound(NOT_FOUND)
        return found

    def manufacturers(self):
        """Manufacturers the request may apply for: those its user represents (the workflow
        then checks the role and the admission), within the token's scope."""
        queryset = Manufacturer.objects.represented_by(self.user)
        if self.token is None:
            return queryset
        if self.token.acts_as_registrar:
            return queryset.none()
        return queryset.filter(pk__in=self.token.manufacturers.all())

    def allows(self, role):
        """Whether steps of `role` (a side of the workflow's steps) are within the scope."""
        if self.token is None:
            return True
        return self.token.acts_as_registrar == (role == REGISTRAR)

    def require(self, role):
        """A step of `role` is within the token's scope (the workflow checks the user)."""
        if self.allows(role):
            return
        if role == REGISTRAR:
            raise PermissionDenied(_("This token acts for manufacturers; a registrar's "
                                     "decisions need a registrar's token."), code="out_of_scope")
        raise PermissionDenied(_("This token acts for a registrar; a manufacturer's steps "
                                 "need a token of the manufacturer."), code="out_of_scope")
