"""The reference catalogue of foreign parts: read-mostly, filled by `import_foreign_parts`."""

from django.contrib import admin
from django.db import models

from products.models.foreign import ForeignPart


@admin.register(ForeignPart)
class ForeignPartAdmin(admin.ModelAdmin):
    list_display = ("part_number", "maker", "category", "package", "pin_count", "source",
                    "updated_at")
    list_filter = ("category", "source")
    list_select_related = ("category",)
    search_fields = ("part_number", "=key_lookalike", "maker", "description", "keywords")
    show_full_result_count = False
    readonly_fields = ("source", "updated_at")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ("part_number", "ordering_pattern", "maker", "category", "package", "pin_count",
              "parameters", "description", "keywords", "datasheet", "source", "updated_at")

    def has_add_permission(self, request):
        # Rows come from library files and tables; a hand-made row would be overwritten by
        # the next import of its source.
        return False
