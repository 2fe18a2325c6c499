"""Admin of the catalogue's supporting data. Register entries are administered in registry."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Category, Document, ForeignAnalog, ParameterTemplate


class ParameterTemplateInline(admin.TabularInline):
    model = ParameterTemplate
    extra = 0


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["indented_name", "slug", "code", "name_en"]
    search_fields = ["name_ru", "name_en", "slug", "code"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [ParameterTemplateInline]

    @admin.display(description=Category._meta.get_field("name_ru").verbose_name, ordering="path")
    def indented_name(self, obj):
        return "— " * obj.depth + obj.name_ru


@admin.register(ParameterTemplate)
class ParameterTemplateAdmin(admin.ModelAdmin):
    list_display = ["name_ru", "name_en", "key", "unit", "kind", "category"]
    list_filter = ["kind", "category"]
    search_fields = ["name_ru", "name_en", "key", "category__name_ru"]
    autocomplete_fields = ["category"]
    list_select_related = ["category"]


@admin.register(ForeignAnalog)
class ForeignAnalogAdmin(SimpleHistoryAdmin):
    list_display = ["part_number", "manufacturer_name", "compatibility", "product"]
    list_filter = ["compatibility"]
    search_fields = ["part_number", "key_skeleton", "key_family", "product__part_number",
                     "product__registry_number"]
    autocomplete_fields = ["product"]
    list_select_related = ["product"]


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "product", "size", "uploaded_at"]
    list_filter = ["kind"]
    search_fields = ["title", "sha256", "product__part_number", "product__registry_number"]
    autocomplete_fields = ["product"]
    readonly_fields = ["content_type", "sha256", "size", "original_name", "uploaded_at"]
    list_select_related = ["product"]
