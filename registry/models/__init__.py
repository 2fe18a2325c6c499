from .accounts import User
from .applications import Application, ApplicationKind, ApplicationState
from .changes import ChangeEvent, ChangeKind
from .decisions import Action, Decision
from .documents import ApplicationDocument
from .numbering import RegistryCounter

__all__ = [
    "Action",
    "Application",
    "ApplicationDocument",
    "ApplicationKind",
    "ApplicationState",
    "ChangeEvent",
    "ChangeKind",
    "Decision",
    "RegistryCounter",
    "User",
]
