"""How manufacturers and their representatives show in an admin: lists, search, filters.

Nothing is registered here: the registrar's desk (registry.admin) registers each model once,
with these classes as its base and the workflow's rules on top."""

from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class ManufacturerAdmin(SimpleHistoryAdmin):
    list_display = ["short_name_ru", "name_ru", "country", "unp", "inn", "status", "entry_count"]
    list_filter = ["country", "status"]
    ordering = ["short_name_ru", "pk"]  # kept with the entry count's grouping: stable pages
    search_fields = ["short_name_ru", "short_name_en", "name_ru", "name_en", "slug", "unp", "inn",
                     "ogrn"]
    prepopulated_fields = {"slug": ["short_name_en"]}
    readonly_fields = ["admitted_at", "created_at", "updated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["name_ru", "name_en", "short_name_ru", "short_name_en", "slug",
                           "country"]}),
        (_("Identifiers"), {"fields": ["unp", "inn", "ogrn"]}),
        (_("Contacts"), {"fields": ["city_ru", "city_en", "address", "website", "email"]}),
        (_("Admission"), {"fields": ["status", "admitted_at", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entry_count=Count("products"))

    @admin.display(description=_("entries"), ordering="entry_count")
    def entry_count(self, obj):
        return obj.entry_count


class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "manufacturer", "role", "created_at"]
    list_filter = ["role", "manufacturer__country"]
    search_fields = ["user__username", "user__email", "manufacturer__short_name_ru",
                     "manufacturer__short_name_en"]
    autocomplete_fields = ["user", "manufacturer"]
    list_select_related = ["user", "manufacturer"]
