"""An organisation's application for admission as a manufacturer."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from manufacturers.models import Country, Manufacturer

REQUIRED = ["name_ru", "short_name_ru", "short_name_en", "address", "email"]


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"  # people type "milandr.ru"
    return field.formfield(**kwargs)


class AdmissionForm(forms.ModelForm):
    """The manufacturer's own rules (check digits, one country's identifiers, no duplicate)
    apply through the model; here, the identifiers of its country are also required."""

    class Meta:
        model = Manufacturer
        fields = ["country", "name_ru", "name_en", "short_name_ru", "short_name_en", "unp",
                  "inn", "ogrn", "city_ru", "city_en", "address", "website", "email"]
        widgets = {"country": forms.RadioSelect}
        help_texts = {"short_name_en": _("Also used in the manufacturer's web address.")}
        formfield_callback = _formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in REQUIRED:
            self.fields[name].required = True

    def clean(self):
        data = super().clean()
        country = data.get("country")
        needed = {Country.BELARUS: ["unp"], Country.RUSSIA: ["inn", "ogrn"]}.get(country, [])
        for name in needed:
            if not data.get(name) and name not in self.errors:
                self.add_error(name, _("Required for a manufacturer of this country."))
        return data
