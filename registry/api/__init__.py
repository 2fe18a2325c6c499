"""The REST API: the register's door for external systems (see urls.py for the routes)."""
