"""`migrate` as the tables' owner (DATABASE_MIGRATE_URL), then the application's role gets its
privileges (registry.security.database_roles); without DATABASE_MIGRATE_URL, Django's own."""

from django.core.management.commands.migrate import Command as MigrateCommand
from django.db import DEFAULT_DB_ALIAS, connections

from registry.security import database_roles


class Command(MigrateCommand):
    help = MigrateCommand.help + (" With DATABASE_MIGRATE_URL set, runs as that role (the "
                                  "owner) and grants the role of DATABASE_URL what the "
                                  "application needs.")

    def handle(self, *args, **options):
        if options["database"] != DEFAULT_DB_ALIAS:
            return super().handle(*args, **options)
        role = database_roles.app_role()  # before the connection becomes the owner's
        with database_roles.as_owner() as switched:
            super().handle(*args, **options)
            if switched:
                database_roles.grant(connections[DEFAULT_DB_ALIAS], role)
                if options["verbosity"]:
                    self.stdout.write(f"Granted the application's privileges to {role}.")
        return None
