"""Reading ahead in a thread: the import reads and parses files while PostgreSQL stores what
was read before.

Parsing is Python and holds the interpreter; storing is mostly waiting for the database,
which lets the reading thread run. The two overlap, so an import takes about as long as its
reading alone instead of reading plus writing. The thread must not touch the database: every
database call stays in the caller's thread, inside the caller's transaction.
"""

import queue
import threading

from django.utils import translation

_DONE = object()


class _Failed:
    def __init__(self, error):
        self.error = error


def read_ahead(items, depth=4):
    """Iterate `items` in a thread, at most `depth` items ahead of the caller. An exception in
    the thread is raised in the caller; a caller that stops early stops the thread."""
    handed = queue.Queue(maxsize=depth)
    language = translation.get_language()
    stopped = threading.Event()

    def put(item):
        while not stopped.is_set():
            try:
                handed.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce():
        try:
            with translation.override(language):  # what it says reads as the caller's
                for item in items:
                    if not put(item):
                        return
            put(_DONE)
        except BaseException as error:  # handed over and raised in the caller's thread
            put(_Failed(error))

    thread = threading.Thread(target=produce, name="read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            item = handed.get()
            if item is _DONE:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield item
    finally:
        stopped.set()
        thread.join()
