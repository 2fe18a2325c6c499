# Importing the modules registers their ModelAdmins.
from . import accounts, applications, entries, logs, manufacturers  # noqa: F401
