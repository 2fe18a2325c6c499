"""Small forms of the portal: choosing what to apply for, the covering note, answers,
documents."""

from django import forms
from django.utils.translation import gettext_lazy as _

from manufacturers.models import Manufacturer
from products.models import Product, ProductStatus
from products.models.documents import DocumentKind

from ...models import ApplicationKind
from ...workflow import rights
from ...workflow.versions import VersionField
from .proposal import category_field


class NewApplicationForm(forms.Form):
    """What to apply for: sent by GET, so that the next page can show the right fields."""

    kind = forms.ChoiceField(label=_("The application asks for"), choices=ApplicationKind.choices,
                             widget=forms.RadioSelect, initial=ApplicationKind.INCLUDE)
    manufacturer = forms.ModelChoiceField(Manufacturer.objects.none(), label=_("Manufacturer"),
                                          empty_label=None)
    category = category_field(required=False, help_text=_(
        "For an inclusion: the category decides which parameters are asked for."))
    registry_number = forms.CharField(
        label=_("Registry number of the entry"), required=False, max_length=24,
        help_text=_("For an amendment, a renewal or a withdrawal, e.g. UR-2026-000012."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manufacturer"].queryset = rights.editable_manufacturers(user)

    def clean(self):
        data = super().clean()
        kind, manufacturer = data.get("kind"), data.get("manufacturer")
        if kind == ApplicationKind.INCLUDE:
            if not data.get("category"):
                self.add_error("category", _("Choose the category of the new product."))
        elif kind and manufacturer:
            data["product"] = self._entry(data.get("registry_number", ""), manufacturer)
        return data

    def _entry(self, number, manufacturer):
        number = number.strip().upper()
        if not number:
            self.add_error("registry_number", _("Enter the registry number of the entry."))
            return None
        product = Product.objects.filter(registry_number=number,
                                         manufacturer=manufacturer).first()
        if product is None:
            self.add_error("registry_number", _(
                "%(maker)s has no entry with this number.") % {"maker": manufacturer})
        elif product.status == ProductStatus.EXCLUDED:
            self.add_error("registry_number", _(
                "This entry is excluded from the register; it cannot be amended or withdrawn."))
        return product


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Covering note"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("What the application asks for and why."))
    # When editing: the application's version when the page was opened.
    version = VersionField()


class WithdrawalNoteForm(NoteForm):
    note = forms.CharField(label=_("Why is the entry withdrawn?"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    comment = forms.CharField(
        label=_("Your answer to the registrar"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you changed; the registrar sees it with the application."),
    )


class WithdrawForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), required=False, max_length=200,
                            help_text=_("Leave empty to use the file name."))
    file = forms.FileField(
        label=_("File"), allow_empty_file=True,
        help_text=_("PDF, PNG or JPEG; the type is checked by content."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )
