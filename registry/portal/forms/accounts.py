"""Account forms: sign-up of a new representative and one's own profile."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _


def _check_email(form, email, user=None):
    email = (email or "").strip()
    clash = get_user_model().objects.filter(email__iexact=email)
    if user is not None:
        clash = clash.exclude(pk=user.pk)
    if clash.exists():
        raise forms.ValidationError(_("An account with this e-mail address already exists; "
                                      "sign in or reset its password."))
    return email


class SignUpForm(UserCreationForm):
    """A new account has no rights: it can apply for the admission of its organisation, and
    it represents a manufacturer only once a registrar admits it or adds it."""

    email = forms.EmailField(label=_("E-mail"), help_text=_("Decisions are sent here."))

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "email", "first_name", "last_name", "language"]

    def clean_email(self):
        return _check_email(self, self.cleaned_data.get("email"))


class ProfileForm(forms.ModelForm):
    email = forms.EmailField(label=_("E-mail"))

    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "email", "language"]

    def clean_email(self):
        return _check_email(self, self.cleaned_data.get("email"), self.instance)
