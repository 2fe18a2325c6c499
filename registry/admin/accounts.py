from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from manufacturers.models import Membership

from ..models import RegistryCounter, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["manufacturer"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Notifications"), {"fields": ["language"]}),
        (_("Registrar"), {"fields": ["state"]}),
    ]
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "is_active",
                    "state", "language"]
    list_filter = [*BaseUserAdmin.list_filter, "state"]
    inlines = [MembershipInline]

    def has_delete_permission(self, request, obj=None):
        # The audit trail names who did what: a person leaving is made inactive, not deleted.
        return False


@admin.register(RegistryCounter)
class RegistryCounterAdmin(admin.ModelAdmin):
    """Read-only: numbers are issued by approvals, never typed in."""

    list_display = ["prefix", "year", "last_number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
