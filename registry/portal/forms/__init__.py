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

__all__ = [
    "AdmissionForm",
    "AnswerForm",
    "DocumentForm",
    "NewApplicationForm",
    "NoteForm",
    "ProfileForm",
    "ProposalForms",
    "SignUpForm",
    "WithdrawForm",
    "WithdrawalNoteForm",
]
