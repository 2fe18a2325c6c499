"""The decision log and the change feed in the desk: read by registrars, written by the
workflow only, changed or deleted by nobody."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import ChangeEvent, Decision


class ReadOnly:
    """Shown, never added, changed or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin):
    pass


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "action", "manufacturer", "application", "product", "actor",
                    "short_comment"]
    list_filter = ["action", ("manufacturer", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["manufacturer", "application", "product", "actor"]
    search_fields = ["comment", "product__registry_number", "product__part_number"]
    date_hierarchy = "occurred_at"

    @admin.display(description=_("comment"))
    def short_comment(self, obj):
        return obj.comment[:80] + ("…" if len(obj.comment) > 80 else "")


@admin.register(ChangeEvent)
class ChangeEventAdmin(ReadOnlyAdmin):
    list_display = ["id", "occurred_at", "kind", "registry_number", "manufacturer", "actor"]
    list_filter = ["kind"]
    list_select_related = ["manufacturer", "actor"]
    search_fields = ["registry_number"]
    date_hierarchy = "occurred_at"
