"""The project is in order: system checks pass and migrations match the models."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_system_checks_pass():
    call_command("check", fail_level="WARNING")


@pytest.mark.django_db
def test_migrations_match_the_models():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
