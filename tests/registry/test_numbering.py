"""Registry numbers: format, sequence per year, no reuse after rollback, safe in parallel."""

import threading

import pytest
from django.db import connection, transaction

from registry.models import RegistryCounter
from registry.numbering import next_registry_number


@pytest.mark.django_db
def test_numbers_follow_each_other_within_a_year_and_restart_next_year(settings):
    settings.REGISTRY_NUMBER_PREFIX = "UR"
    with transaction.atomic():
        issued = [next_registry_number(2026) for _ in range(3)] + [next_registry_number(2027)]
    assert issued == ["UR-2026-000001", "UR-2026-000002", "UR-2026-000003", "UR-2027-000001"]


@pytest.mark.django_db
def test_prefix_comes_from_settings(settings):
    settings.REGISTRY_NUMBER_PREFIX = "ER"
    with transaction.atomic():
        assert next_registry_number(2026) == "ER-2026-000001"


@pytest.mark.django_db
def test_a_rolled_back_approval_leaves_no_gap():
    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        next_registry_number(2026)
        raise Refused
    with transaction.atomic():
        assert next_registry_number(2026).endswith("-000001")


@pytest.mark.django_db(transaction=True)
def test_numbers_are_only_issued_inside_a_transaction():
    with pytest.raises(RuntimeError):
        next_registry_number(2026)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_issuers_never_share_or_skip_a_number():
    issued, errors = [], []
    start = threading.Barrier(8)

    def issue():
        try:
            start.wait()
            for _ in range(5):
                with transaction.atomic():
                    issued.append(next_registry_number(2026))
        except Exception as exc:  # reported below; a thread cannot fail the test itself
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(issued) == [f"UR-2026-{n:06d}" for n in range(1, 41)]
    assert RegistryCounter.objects.get(year=2026).last_number == 40
