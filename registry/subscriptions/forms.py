from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Frequency


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    frequency = forms.ChoiceField(label=_("How often"), choices=Frequency.choices,
                                  initial=Frequency.DAILY, widget=forms.RadioSelect)
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)
