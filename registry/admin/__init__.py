# Importing the modules registers their ModelAdmins.
from . import (  # noqa: F401
    accounts,
    applications,
    catalogue,
    devices,
    entries,
    logs,
    manufacturers,
    tokens,
    webhooks,
)
