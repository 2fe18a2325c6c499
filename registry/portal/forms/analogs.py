"""Forms of a cross-reference table in the portal: the upload, and the submission after the
preview."""

from django import forms
from django.utils.translation import gettext_lazy as _

from manufacturers.models import Manufacturer
from products.crossref import CrossrefError, read_table

from ...workflow import rights
from ...workflow.analogs import NOTE_MAX


class AnalogTableForm(forms.Form):
    """The table and whose entries it is about; `cleaned_data["table"]` holds its rows."""

    manufacturer = forms.ModelChoiceField(Manufacturer.objects.none(), label=_("Manufacturer"),
                                          empty_label=None)
    file = forms.FileField(
        label=_("Cross-reference table"),
        help_text=_("CSV (UTF-8 or Windows-1251; comma, semicolon or tab) or XLSX with a "
                    "header row: domestic part (“Тип”), foreign part (“Зарубежный аналог”), "
                    "compatibility (“Совместимость”: pin-to-pin, functional, parametric) and "
                    "note (“Примечание”)."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manufacturer"].queryset = rights.editable_manufacturers(user)

    def clean(self):
        data = super().clean()
        if data.get("file") is not None:
            try:
                data["table"] = read_table(data["file"])
            except CrossrefError as error:
                self.add_error("file", str(error))
        return data


class AnalogSubmitForm(forms.Form):
    note = forms.CharField(
        label=_("Covering note"), required=False, max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent with each application, e.g. the catalogue the table comes from."),
    )
    valid_only = forms.BooleanField(
        label=_("Submit the valid rows only and leave the refused ones out"), required=False)
