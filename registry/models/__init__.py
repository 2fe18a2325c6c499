from .accounts import User
from .applications import Application, ApplicationKind, ApplicationState
from .changes import ChangeEvent, ChangeKind
from .decisions import Action, Decision
from .documents import ApplicationDocument
from .imports import ImportRun
from .numbering import RegistryCounter
from .reminders import Reminder
from .representations import EntryDocument
from .tokens import ApiToken, TokenScope
from .webhooks import DeliveryOutcome, WebhookDelivery, WebhookSubscription

__all__ = [
    "Action",
    "ApiToken",
    "Application",
    "ApplicationDocument",
    "ApplicationKind",
    "ApplicationState",
    "ChangeEvent",
    "ChangeKind",
    "Decision",
    "DeliveryOutcome",
    "EntryDocument",
    "ImportRun",
    "RegistryCounter",
    "Reminder",
    "TokenScope",
    "User",
    "WebhookDelivery",
    "WebhookSubscription",
]
