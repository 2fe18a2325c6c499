# Importing the modules registers their ModelAdmins.
from . import (  # noqa: F401
    accounts,
    applications,
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
