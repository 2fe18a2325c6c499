"""products.foreign.ahead.read_ahead: the import's reading thread."""

import threading

import pytest
from django.utils import translation

from products.foreign.ahead import read_ahead


def test_items_come_in_order_from_another_thread():
    threads = []

    def items():
        for n in range(100):
            threads.append(threading.current_thread())
            yield n

    assert list(read_ahead(items(), depth=2)) == list(range(100))
    assert threading.current_thread() not in threads


def test_an_error_while_reading_is_raised_in_the_caller():
    def items():
        yield 1
        raise ValueError("bad row")

    taken = []
    with pytest.raises(ValueError, match="bad row"):
        for item in read_ahead(items()):
            taken.append(item)
    assert taken == [1]


def test_a_caller_that_stops_early_stops_the_thread():
    produced = []

    def items():
        for n in range(1000):
            produced.append(n)
            yield n

    ahead = read_ahead(items(), depth=2)
    assert next(ahead) == 0
    ahead.close()
    assert not any(t.name == "read-ahead" for t in threading.enumerate())
    assert len(produced) < 10


def test_the_thread_speaks_the_callers_language():
    def items():
        yield translation.get_language()

    with translation.override("be"):
        assert list(read_ahead(items())) == ["be"]
