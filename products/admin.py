"""How the catalogue's supporting data shows in an admin: lists, search, filters, inlines.

Nothing is registered here: the registrar's desk (registry.admin) registers each model once,
with these classes as its base and the workflow's rules on top."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Category, ParameterTemplate


class ParameterTemplateInline(admin.TabularInline):
    model = ParameterTemplate
    extra = 0


class CategoryAdmin(admin.ModelAdmin):
    list_display = ["indented_name", "slug", "code", "name_en"]
    search_fields = ["name_ru", "name_en", "slug", "code"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [ParameterTemplateInline]

    @admin.display(description=Category._meta.get_field("name_ru").verbose_name, ordering="path")
    def indented_name(self, obj):
        return "— " * obj.depth + obj.name_ru


class ParameterTemplateAdmin(admin.ModelAdmin):
    list_display = ["name_ru", "name_en", "key", "unit", "kind", "category"]
    list_filter = ["kind", "category"]
    search_fields = ["name_ru", "name_en", "key", "category__name_ru"]
    autocomplete_fields = ["category"]
    list_select_related = ["category"]


class ForeignAnalogAdmin(SimpleHistoryAdmin):
    list_display = ["part_number", "manufacturer_name", "compatibility", "product"]
    list_filter = ["compatibility"]
    search_fields = ["part_number", "key_skeleton", "key_family", "product__part_number",
                     "product__registry_number"]
    autocomplete_fields = ["product"]
    list_select_related = ["product"]


class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "product", "size", "uploaded_at"]
    list_filter = ["kind"]
    search_fields = ["title", "sha256", "product__part_number", "product__registry_number"]
    autocomplete_fields = ["product"]
    readonly_fields = ["content_type", "sha256", "size", "original_name", "uploaded_at"]
    list_select_related = ["product"]
