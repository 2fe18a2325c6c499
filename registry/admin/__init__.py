# Importing the modules registers their ModelAdmins.
from . import accounts, applications, devices, entries, logs, manufacturers  # noqa: F401
