from .accounts import User
from .applications import Application, ApplicationKind, ApplicationState
from .batches import Batch, BatchDocument, BatchState, RowOutcome, StagedRow
from .changes import ChangeEvent, ChangeKind
from .decisions import Action, Decision
from .documents import ApplicationDocument
from .imports import ImportRun
from .numbering import RegistryCounter
from .reminders import Reminder
from .representations import EntryDocument
from .subscriptions import Frequency, Subscription
from .tokens import ApiToken, TokenScope
from .webhooks import DeliveryOutcome, WebhookDelivery, WebhookSubscription

__all__ = [
    "Action",
    "ApiToken",
    "Application",
    "ApplicationDocument",
    "ApplicationKind",
    "ApplicationState",
    "Batch",
    "BatchDocument",
    "BatchState",
    "ChangeEvent",
    "ChangeKind",
    "Decision",
    "DeliveryOutcome",
    "EntryDocument",
    "Frequency",
    "ImportRun",
    "RegistryCounter",
    "Reminder",
    "RowOutcome",
    "StagedRow",
    "Subscription",
    "TokenScope",
    "User",
    "WebhookDelivery",
    "WebhookSubscription",
]
