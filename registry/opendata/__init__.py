"""Open data: the whole public register as JSON Lines and CSV, with a manifest and a delta.

Formats are documented in docs/open-data.md so that anyone can mirror the register without
the API.
"""
