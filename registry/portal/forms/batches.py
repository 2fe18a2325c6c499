"""Forms of a catalogue batch in the portal: the upload (a new batch, or a corrected file for
a staged one) and the submission."""

from django import forms
from django.utils.translation import gettext_lazy as _

from manufacturers.models import Manufacturer

from ...batches.reading import CatalogueFileError, read_catalogue
from ...workflow import rights
from ...workflow.applications import COMMENT_MAX


class CatalogueForm(forms.Form):
    """The file and whose catalogue it is; `cleaned_data["table"]` holds (header, rows)."""

    manufacturer = forms.ModelChoiceField(Manufacturer.objects.none(), label=_("Manufacturer"),
                                          empty_label=None)
    file = forms.FileField(
        label=_("Catalogue file"),
        help_text=_("CSV (UTF-8 or Windows-1251; comma or semicolon) or XLSX, up to 10,000 "
                    "rows, with a header row naming the columns as in the template, in Russian "
                    "or English."),
    )

    def __init__(self, *args, user, manufacturer=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["manufacturer"]
        field.queryset = rights.editable_manufacturers(user)
        if manufacturer is not None:
            field.queryset = field.queryset.filter(pk=manufacturer.pk)
            field.initial = manufacturer.pk
            field.widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            try:
                data["table"] = read_catalogue(upload, upload.name)
            except CatalogueFileError as error:
                self.add_error("file", str(error))
        return data


class BatchSubmitForm(forms.Form):
    note = forms.CharField(
        label=_("Covering note"), required=False, max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent with each application of the batch, e.g. the catalogue it comes from."),
    )
