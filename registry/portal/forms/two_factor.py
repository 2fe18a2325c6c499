"""The six-digit code of an authenticator app, at enrolment and at each sign-in."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the authenticator app"), max_length=6, min_length=6,
        validators=[RegexValidator(r"^[0-9]{6}$", _("The code is six digits."))],
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True}),
    )

    def __init__(self, *args, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = self.cleaned_data["code"]
        allowed, _details = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(_(
                "Too many wrong codes in a row; wait a minute and try again."), code="throttled")
        if not self.device.verify_token(code):
            raise forms.ValidationError(_(
                "This code is not right or has expired; enter the code the app shows now."),
                code="wrong")
        return code
