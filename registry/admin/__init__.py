# Importing the modules registers their ModelAdmins.
from . import (  # noqa: F401
    accounts,
    applications,
    batches,
    catalogue,
    devices,
    entries,
    foreign,
    imports,
    logs,
    manufacturers,
    tokens,
    webhooks,
)
