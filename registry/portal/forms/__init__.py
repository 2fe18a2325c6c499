from .accounts import ProfileForm, SignUpForm
from .admission import AdmissionForm
from .applications import (
    AnswerForm,
    DocumentForm,
    NewApplicationForm,
    NoteForm,
    WithdrawalNoteForm,
    WithdrawForm,
)
from .proposal import ProposalForms
from .tokens import TokenForm
from .two_factor import CodeForm

__all__ = [
    "AdmissionForm",
    "AnswerForm",
    "CodeForm",
    "DocumentForm",
    "NewApplicationForm",
    "NoteForm",
    "ProfileForm",
    "ProposalForms",
    "SignUpForm",
    "TokenForm",
    "WithdrawForm",
    "WithdrawalNoteForm",
]
