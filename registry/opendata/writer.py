"""Writing the open-data files: streamed, hashed as they are written, published all at once.

Rows are read with .iterator(chunk_size) and written straight to disk, so memory stays flat
whatever the size of the register. Each file is written under a temporary name and renamed
when complete, and the manifest is written last: a mirror that reads the manifest always
finds the files it describes.

The manifest also names the newest hash of the decision log's and the change feed's chains,
and log-chains.jsonl keeps one such line per day: anyone who kept an earlier line can later ask
whether the register still holds it (`manage.py verify_log --expect`).
"""

import csv
import datetime
import hashlib
import json
import os
from contextlib import contextmanager
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from registry.models import ChangeEvent, Decision
from registry.models.chain import newest_link

from .changes import changed_since
from .rows import CHUNK_SIZE, CSV_COLUMNS, SCHEMA_VERSION, csv_row, entry_row, public_entries

MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"
LOG_CHAINS = "log-chains.jsonl"
PUBLISHER = "Unified Register of Microelectronic Products (Republic of Belarus, Russian Federation)"


class _HashingWriter:
    """A text file that knows the SHA-256 and size of what was written to it."""

    def __init__(self, path):
        self.handle = path.open("w", encoding="utf-8", newline="")
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, text):
        data = text.encode("utf-8")
        self.digest.update(data)
        self.size += len(data)
        return self.handle.write(text)

    def close(self):
        self.handle.close()


@contextmanager
def _consistent_snapshot():
    """On PostgreSQL, the full export and the delta read one snapshot of the database."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def _instant(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _write_set(directory, stem, entries):
    """<stem>.jsonl and <stem>.csv under temporary names, from one pass over `entries`.

    Returns ({file name: facts}, [(temporary path, final path)]).
    """
    names = {"jsonl": f"{stem}.jsonl", "csv": f"{stem}.csv"}
    moves = [(directory / f".{name}.partial", directory / name) for name in names.values()]
    jsonl, table = (_HashingWriter(partial) for partial, _final in moves)
    try:
        rows = csv.DictWriter(table, fieldnames=CSV_COLUMNS, extrasaction="raise")
        rows.writeheader()
        count = 0
        for product in entries.iterator(chunk_size=CHUNK_SIZE):
            row = entry_row(product)
            jsonl.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
            rows.writerow(csv_row(row))
            count += 1
    except BaseException:
        _discard(moves)
        raise
    finally:
        jsonl.close()
        table.close()
    files = {
        names[kind]: {"format": kind, "rows": count, "bytes": writer.size,
                      "sha256": writer.digest.hexdigest()}
        for kind, writer in (("jsonl", jsonl), ("csv", table))
    }
    return files, moves


def _discard(moves):
    for partial, _final in moves:
        partial.unlink(missing_ok=True)


def _write_json(path, value):
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(value, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, path)


def _publish_chains(path, chains):
    """One line per day: today's replaces an earlier run of the same day, others stay."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    kept = [line for line in lines if line and json.loads(line).get("date") != chains["date"]]
    kept.append(json.dumps(chains, ensure_ascii=False, separators=(",", ":")))
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text("\n".join(kept) + "\n", encoding="utf-8")
    os.replace(partial, path)


def export(directory, since, generated_at):
    """Write the full register and the delta since `since` into `directory`; the manifest."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    with _consistent_snapshot():
        full, full_moves = _write_set(directory, "entries", public_entries())
        try:
            delta, delta_moves = _write_set(directory, "delta",
                                            changed_since(public_entries(), since))
        except BaseException:
            _discard(full_moves)
            raise
        chains = {"date": timezone.localdate(generated_at).isoformat(),
                  "as_of": _instant(generated_at),
                  "decisions": newest_link(Decision), "changes": newest_link(ChangeEvent)}
    for partial, final in full_moves + delta_moves:
        os.replace(partial, final)
    files = {**full, **delta}
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "generated_at": _instant(generated_at),
        "publisher": PUBLISHER,
        "documentation": "docs/open-data.md",
        "full": {"entries": full["entries.jsonl"]["rows"], "files": list(full)},
        "delta": {"since": _instant(since), "until": _instant(generated_at),
                  "entries": delta["delta.jsonl"]["rows"], "files": list(delta)},
        "files": files,
        "log_chains": chains,
    }
    _publish_chains(directory / LOG_CHAINS, chains)
    (directory / CHECKSUMS).write_text(
        "".join(f"{facts['sha256']}  {name}\n" for name, facts in files.items()),
        encoding="utf-8")
    _write_json(directory / MANIFEST, manifest)
    return manifest
