"""Issuing an API token in the portal: what it is for, whom it acts for, how long it lasts."""

from django import forms
from django.utils.translation import gettext_lazy as _

from manufacturers.models import Manufacturer

from ...models import TokenScope

LIFETIMES = [(30, _("30 days")), (90, _("90 days")), (180, _("180 days")), (365, _("a year"))]


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100,
                           help_text=_("What the token is for, e.g. the system that uses it."))
    scope = forms.ChoiceField(label=_("The token"), widget=forms.RadioSelect,
                              choices=TokenScope.choices, initial=TokenScope.MANUFACTURERS)
    manufacturers = forms.ModelMultipleChoiceField(
        Manufacturer.objects.none(), label=_("Manufacturers"), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The token sees and changes only their applications."))
    days = forms.TypedChoiceField(label=_("Valid for"), choices=LIFETIMES, coerce=int,
                                  initial=90)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manufacturers"].queryset = Manufacturer.objects.represented_by(user) \
            .order_by("short_name_ru", "pk")
        if not user.is_registrar:
            self.fields["scope"].choices = [(TokenScope.MANUFACTURERS,
                                             TokenScope.MANUFACTURERS.label)]
