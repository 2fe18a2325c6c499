"""Forms of the registrar's decisions (the intermediate pages of admin actions)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from products.models import ExclusionReason

_TEXT = {"rows": 4, "cols": 80}


class ConfirmForm(forms.Form):
    """A decision that needs no input (taking an application for review)."""


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs=_TEXT))


class RegistrarCommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), max_length=5000,
                              widget=forms.Textarea(attrs=_TEXT))


class RequestChangesForm(forms.Form):
    comment = forms.CharField(
        label=_("What should the manufacturer change?"), max_length=5000,
        widget=forms.Textarea(attrs=_TEXT),
        help_text=_("The manufacturer's representatives receive this text by e-mail."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=5000,
                             widget=forms.Textarea(attrs=_TEXT),
                             help_text=_("Sent to the manufacturer's representatives."))


class SuspendForm(forms.Form):
    """The reasons a suspension gives: a code from the list exclusion uses, the legal basis
    and a note."""

    reason_code = forms.ChoiceField(label=_("Reason"), choices=ExclusionReason.choices)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)
    reason = forms.CharField(label=_("Note"), max_length=5000,
                             widget=forms.Textarea(attrs=_TEXT),
                             help_text=_("Sent to the manufacturer's representatives."))


class ApproveForm(forms.Form):
    decision_number = forms.CharField(
        label=_("Decision number"), max_length=60, required=False,
        help_text=_("Leave empty to use the application's number."),
    )
    decision_date = forms.DateField(
        label=_("Decision date"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for today."),
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=5000, widget=forms.Textarea(attrs=_TEXT),
        help_text=_("Sent to the manufacturer and shown in the entry's public history."),
    )

    def clean_decision_date(self):
        value = self.cleaned_data["decision_date"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("A decision cannot be dated in the future."))
        return value


class ApproveWithdrawalForm(ApproveForm):
    legal_basis = forms.CharField(
        label=_("Legal basis of the exclusion"), max_length=300,
        help_text=_("E.g. the order or article the exclusion rests on."),
    )


class ExcludeForm(forms.Form):
    reason_code = forms.ChoiceField(label=_("Reason"), choices=ExclusionReason.choices)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300)
    note = forms.CharField(label=_("Note"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs=_TEXT))
    confirm = forms.BooleanField(
        label=_("I understand that exclusion is final: the entry cannot be reinstated."),
    )
