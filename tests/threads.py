"""Running workflow steps in parallel threads, each with its own database connection."""

import threading
from contextlib import contextmanager


def run_in_threads(count, work):
    """Start `work(index)` in `count` threads at the same moment; the exceptions they raised."""
    from django.db import connection
    from django.utils import translation

    errors, start = [], threading.Barrier(count)

    def run(index):
        try:
            start.wait()
            with translation.override("en"):  # as the test's own thread speaks
                work(index)
        except Exception as exc:  # a thread cannot fail the test; reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@contextmanager
def slowed(monkeypatch, module, name, seconds=0.3):
    """Make `module.name` pause before it runs, so that a parallel thread arrives while the
    first still holds its locks: the test then proves the locks, not lucky timing."""
    import time

    original = getattr(module, name)

    def slow(*args, **kwargs):
        time.sleep(seconds)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, slow)
    yield
