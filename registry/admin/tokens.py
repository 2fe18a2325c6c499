"""API tokens in the desk: who holds which, when each was last used, and revocation (for an
administrator answering a leak). Tokens are issued by their owners in the portal."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .. import tokens
from ..models import ApiToken
from .logs import ReadOnlyAdmin


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):  # revoked tokens stay, with the date, for the record
    list_display = ["prefix", "name", "user", "scope", "created_at", "expires_at",
                    "last_used_at", "revoked_at"]
    list_filter = ["scope", ("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["prefix", "name", "user__username"]
    fields = ["name", "user", "prefix", "scope", "manufacturers", "created_at", "expires_at",
              "last_used_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    @admin.action(description=_("Revoke the chosen tokens"), permissions=["view"])
    def revoke(self, request, queryset):
        for token in queryset:
            tokens.revoke(token, request.user)
        self.message_user(request, _("The tokens have been revoked."), messages.SUCCESS)
