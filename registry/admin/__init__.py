from . import accounts, entries  # noqa: F401  (registers the ModelAdmins)
