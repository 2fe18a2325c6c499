"""Forms of the public pages: the substitute finder and the two steps of a BOM check."""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from . import bom


class SubstituteForm(forms.Form):
    part = forms.CharField(
        label=_("Foreign part number or ordering code"), max_length=100, strip=True,
        validators=[ProhibitNullCharactersValidator()],
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                      "autocapitalize": "off"}),
    )


class BomUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Bill of materials (CSV or XLSX, up to 2 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.rows = bom.read_upload(upload)
        except bom.BomError as error:
            raise forms.ValidationError(str(error), code="bad_bom") from error
        return upload


class BomLayoutForm(forms.Form):
    """Which row is the header and which columns hold the part number and the quantity."""

    header = forms.TypedChoiceField(label=_("Header row"), coerce=int)
    part = forms.TypedChoiceField(label=_("Column with the part number"), coerce=int)
    quantity = forms.TypedChoiceField(label=_("Column with the quantity"), coerce=int,
                                      required=False, empty_value=None)

    NO_HEADER = -1

    def __init__(self, rows, *args, **kwargs):
        super().__init__(*args, **kwargs)
        preview = rows[:bom.PREVIEW_ROWS]
        self.fields["header"].choices = [(self.NO_HEADER, _("No header row"))] + [
            (index, _("Line %(n)s") % {"n": number}) for index, (number, _c) in enumerate(preview)]
        columns = list(enumerate(bom.column_labels(rows, bom.guess_layout(rows).header)))
        self.fields["part"].choices = columns
        self.fields["quantity"].choices = [("", _("No quantity column"))] + columns

    def layout(self):
        header = self.cleaned_data["header"]
        return bom.Layout(None if header == self.NO_HEADER else header,
                          self.cleaned_data["part"], self.cleaned_data["quantity"])
