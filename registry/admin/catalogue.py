"""The catalogue in the registrar's desk: every change to a category or its parameters goes
through the workflow into the change feed (entries show their category and its parameters);
an entry's analogs and documents are changed on the entry's own page, where the correction is
recorded with its reason."""

from django.contrib import admin

from products.admin import CategoryAdmin as CatalogueCategoryAdmin
from products.admin import DocumentAdmin as CatalogueDocumentAdmin
from products.admin import ForeignAnalogAdmin as CatalogueForeignAnalogAdmin
from products.admin import ParameterTemplateAdmin as CatalogueParameterTemplateAdmin
from products.models import Category, Document, ForeignAnalog, ParameterTemplate

from .. import workflow
from .logs import ReadOnly
from .transitions import RefusalsAsMessages


@admin.register(Category)
class CategoryAdmin(RefusalsAsMessages, CatalogueCategoryAdmin):
    def has_delete_permission(self, request, obj=None):
        return False  # published categories stay, as entries do

    def save_model(self, request, obj, form, change):
        """Deferred to save_related: the category and its parameters are one change."""

    def save_related(self, request, form, formsets, change):
        def edit():
            form.instance.save()
            super(CategoryAdmin, self).save_related(request, form, formsets, change)

        workflow.correct_category(form.instance, request.user, edit=edit)


@admin.register(ParameterTemplate)
class ParameterTemplateAdmin(RefusalsAsMessages, CatalogueParameterTemplateAdmin):
    def get_readonly_fields(self, request, obj=None):
        # A parameter stays with its category; moving it would change two subtrees at once.
        return ["category"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        workflow.correct_category(obj.category, request.user,
                                  edit=lambda: super(ParameterTemplateAdmin, self).save_model(
                                      request, obj, form, change))

    def delete_model(self, request, obj):
        workflow.correct_category(obj.category, request.user,
                                  edit=lambda: super(ParameterTemplateAdmin, self).delete_model(
                                      request, obj))

    def delete_queryset(self, request, queryset):
        for template in queryset.select_related("category"):
            self.delete_model(request, template)


class OnTheEntryPage(ReadOnly):
    """Shown here, changed with the entry (its inlines), where the correction is recorded."""


@admin.register(ForeignAnalog)
class ForeignAnalogAdmin(OnTheEntryPage, CatalogueForeignAnalogAdmin):
    pass


@admin.register(Document)
class DocumentAdmin(OnTheEntryPage, CatalogueDocumentAdmin):
    pass
