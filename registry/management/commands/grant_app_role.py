"""Give the application's database role its privileges (run as the tables' owner)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from registry.security import database_roles


class Command(BaseCommand):
    help = ("Grant ROLE (default: the role of DATABASE_URL) what the application needs and no "
            "more: read and write on the register's tables, read and append only on the audit "
            "trail, and the same by default on tables created later. Connects as "
            "DATABASE_MIGRATE_URL (the owner) when set. PostgreSQL only.")

    def add_arguments(self, parser):
        parser.add_argument("role", nargs="?", help="the application's role")

    def handle(self, *args, **options):
        if connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
            raise CommandError("Database roles are PostgreSQL's; SQLite has none.")
        role = options["role"] or database_roles.app_role()
        with database_roles.as_owner():
            database_roles.grant(connections[DEFAULT_DB_ALIAS], role)
        self.stdout.write(self.style.SUCCESS(f"Granted the application's privileges to {role}."))
