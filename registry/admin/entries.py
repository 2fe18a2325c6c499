"""Register entries in the registrar's desk: list, search by any spelling, edit with inlines."""


from django.contrib import admin
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from products.models import (
    Document,
    ForeignAnalog,
    PartAlias,
    Product,
    ProductionStage,
    ProductParameter,
)
from products.search import PartNumberQuery

from .. import numbering
from ..term import term_end


class PartAliasInline(admin.TabularInline):
    model = PartAlias
    extra = 0


class ParameterInline(admin.TabularInline):
    model = ProductParameter
    extra = 0
    autocomplete_fields = ["template"]


class ForeignAnalogInline(admin.TabularInline):
    model = ForeignAnalog
    extra = 0


class ProductionStageInline(admin.TabularInline):
    model = ProductionStage
    extra = 0


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    readonly_fields = ["sha256", "size", "uploaded_at"]


@admin.register(Product)
class ProductAdmin(SimpleHistoryAdmin):
    list_display = ["registry_number", "part_number", "name_ru", "manufacturer", "category",
                    "status", "registered_at"]
    list_display_links = ["registry_number", "part_number"]
    list_filter = ["status", "manufacturer__country", "category", "manufacturer"]
    list_select_related = ["manufacturer", "category"]
    search_fields = ["registry_number", "part_number", "name_ru", "name_en"]
    autocomplete_fields = ["manufacturer", "category"]
    date_hierarchy = "registered_at"
    readonly_fields = [
        "registry_number", "status", "registered_at", "suspended_at", "suspension_reason",
        "excluded_at", "exclusion_reason", "exclusion_legal_basis", "exclusion_note",
        "created_at", "updated_at",
    ]
    inlines = [PartAliasInline, ParameterInline, ForeignAnalogInline, ProductionStageInline,
               DocumentInline]
    fieldsets = [
        (None, {"fields": ["registry_number", "status", "part_number", "manufacturer",
                           "category", "package"]}),
        (_("Names"), {"fields": ["name_ru", "name_en", "description_ru", "description_en"]}),
        (_("Classification"), {"fields": ["tnved_code", "okpd2_code"]}),
        (_("Term"), {"fields": ["registered_at", "valid_until", "suspended_at",
                                "suspension_reason", "excluded_at", "exclusion_reason",
                                "exclusion_legal_basis", "exclusion_note"]}),
        (_("Basis"), {"fields": ["decision_number", "decision_date", "origin_document_kind",
                                 "origin_document_number", "origin_document_date",
                                 "origin_document_valid_until"]}),
        (_("Record"), {"fields": ["created_at", "updated_at"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        """Besides the text columns, match the part number in any of its spellings."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        query = PartNumberQuery(search_term)
        if search_term and not query.is_empty():
            results = results | queryset.filter(query.condition())
        return results, may_have_duplicates

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # A registrar entering an entry directly registers it today with the next number.
        with transaction.atomic():
            today = timezone.localdate()
            obj.registered_at = today
            obj.valid_until = obj.valid_until or term_end(today)
            obj.registry_number = numbering.next_registry_number(today.year)
            super().save_model(request, obj, form, change)


