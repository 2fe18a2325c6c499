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
    """A file or a pasted list, one of the two; either becomes the same table of strings."""

    file = forms.FileField(
        label=_("Bill of materials (CSV, TXT or XLSX, up to 2 MB)"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
    text = forms.CharField(
        label=_("…or paste the list"), required=False, strip=True,
        max_length=bom.MAX_BYTES, validators=[ProhibitNullCharactersValidator()],
        help_text=_("One part per line, with its quantity after it (SN74HC164N 2), or lines "
                    "copied from a spreadsheet or a parts list."),
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "autocomplete": "off",
                                     "placeholder": "SN74HC164N 2\nLM317T 1"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload:
            self.rows = self._read(bom.read_upload, upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        file, text = cleaned.get("file"), cleaned.get("text")
        if self.errors:
            return cleaned
        if file and text:
            raise forms.ValidationError(_("Upload a file or paste a list, not both."),
                                        code="both")
        if not file and not text:
            raise forms.ValidationError(_("Upload a file or paste a list."), code="required")
        if text:
            self.rows = self._read(bom.read_text, text, field="text")
        return cleaned

    def _read(self, reader, value, field=None):
        try:
            rows = reader(value)
            if bom.stage_size(rows) > bom.STAGE_MAX_CHARS:
                raise bom.BomError(_(
                    "This list holds %(size)s characters of text; the page keeps lists of at "
                    "most %(limit)s. Remove the columns you do not need, or split the list.")
                    % {"size": bom.stage_size(rows), "limit": bom.STAGE_MAX_CHARS})
            return rows
        except bom.BomError as error:
            if field is None:
                raise forms.ValidationError(str(error), code="bad_bom") from error
            self.add_error(field, forms.ValidationError(str(error), code="bad_bom"))
            return None

    def name(self):
        upload = self.cleaned_data.get("file")
        return upload.name if upload else str(_("Pasted list"))


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
