#!/usr/bin/env python3
"""Mirror the public register into a local SQLite file through the API's change feed.

    mirror.py [--url http://127.0.0.1:8000] [--db register-mirror.sqlite3] [--once]
              [--interval 60] [--language en] [--verify]

The first run reads the category tree and then the feed from its start; every run after that
asks only for the events after the cursor it stored. Each page of events is applied in one
SQLite transaction together with the new cursor, so an interrupted run resumes exactly where
it stopped. To apply an event the mirror replaces the subject (entry, manufacturer, category)
with the representation the event carries, then reads again every list the event names in
`refetch`. --verify compares the mirror with the register's lists afterwards.

Needs only the Python standard library.
"""
import argparse
import json
import sqlite3
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

SCHEMA = """
CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
    registry_number TEXT PRIMARY KEY, part_number TEXT NOT NULL, manufacturer TEXT NOT NULL,
    category TEXT NOT NULL, status TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS manufacturers (slug TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS categories (slug TEXT PRIMARY KEY, data TEXT NOT NULL);
"""
PAGE_SIZE = 500


class HTTP:
    """GET JSON from the register, waiting when asked to (429/503 with Retry-After)."""

    def __init__(self, language="en", timeout=30, attempts=5):
        self.language, self.timeout, self.attempts = language, timeout, attempts

    def get(self, url, etag=None):
        """(data, etag); data is None when the server answers 304 to `etag`."""
        headers = {"Accept": "application/json", "Accept-Language": self.language,
                   "User-Agent": "register-mirror/1"}
        if etag:
            headers["If-None-Match"] = etag
        for attempt in range(1, self.attempts + 1):
            request = urllib.request.Request(url, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return json.load(response), response.headers.get("ETag")
            except urllib.error.HTTPError as error:
                if error.code == 304:
                    return None, etag
                if error.code not in (429, 503) or attempt == self.attempts:
                    raise SystemExit(
                        f"{url}: HTTP {error.code} {error.read()[:500]!r}") from None
                time.sleep(float(error.headers.get("Retry-After") or 2 ** attempt))
        raise SystemExit(f"{url}: no answer")


class Mirror:
    def __init__(self, db_path, base_url, http, page_size=PAGE_SIZE, log=print):
        self.db = sqlite3.connect(db_path, isolation_level=None)
        self.db.executescript(SCHEMA)
        self.base = base_url.rstrip("/")
        self.http, self.page_size, self.log = http, page_size, log

    # --- State ------------------------------------------------------------------------------

    def state(self, name, default=None):
        row = self.db.execute("SELECT value FROM state WHERE name = ?", [name]).fetchone()
        return row[0] if row else default

    def set_state(self, name, value):
        self.db.execute("INSERT INTO state (name, value) VALUES (?, ?) ON CONFLICT (name) "
                        "DO UPDATE SET value = excluded.value", [name, str(value)])

    @property
    def cursor(self):
        return int(self.state("cursor", 0))

    # --- Synchronisation --------------------------------------------------------------------

    def sync(self, pages=None):
        """Apply the events after the stored cursor (all, or `pages` pages of them); returns
        the number applied."""
        if self.state("cursor") is None:
            self.first_sync()
        applied = 0
        while pages is None or pages > 0:
            pages = None if pages is None else pages - 1
            query = urllib.parse.urlencode({"after": self.cursor, "page_size": self.page_size})
            url = f"{self.base}/api/v1/changes/?{query}"
            known = self.state("etag") if self.state("etag url") == url else None
            page, etag = self.http.get(url, known)
            if page is None:  # 304: nothing new since the last poll
                break
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for event in page["results"]:
                    self.apply(event)
                self.set_state("cursor", page["cursor"])
                self.set_state("etag url", url)
                self.set_state("etag", etag or "")
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            applied += len(page["results"])
            self.report(page["results"])
            if not page["more"]:
                break
        return applied

    def report(self, events):
        if len(events) > 10:
            self.log(f"  {len(events)} events applied (#{events[0]['id']}–#{events[-1]['id']})")
            return
        for event in events:
            self.log(f"  #{event['id']} {event['kind']} {describe(event)}")

    def first_sync(self):
        self.db.execute("BEGIN IMMEDIATE")
        count = self.replace_categories(f"{self.base}/api/v1/categories/?page_size=500")
        self.set_state("cursor", 0)
        self.db.execute("COMMIT")
        self.log(f"first sync: {count} categories; replaying the change feed from its start")

    def apply(self, event):
        if event["entry"] is not None:
            self.store_entry(event["entry"])
        if event["manufacturer"] is not None:
            self.store_manufacturer(event["manufacturer"], renamed_from(event))
        if event["category"] is not None:
            self.store_category(event["category"], renamed_from(event))
        for link in event["refetch"]:
            if link["resource"] == "categories":
                self.replace_categories(link["url"])
            else:
                for entry in self.walk(link["url"]):
                    self.store_entry(entry)

    def walk(self, url):
        while url:
            page, _etag = self.http.get(url)
            yield from page["results"]
            url = page["next"]

    def store_entry(self, entry):
        self.db.execute(
            "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?, ?)",
            [entry["registry_number"], entry["part_number"], entry["manufacturer"]["slug"],
             entry["category"]["slug"], entry["status"], dump(entry)])

    def store_manufacturer(self, manufacturer, old_slug=None):
        if old_slug:
            self.db.execute("DELETE FROM manufacturers WHERE slug = ?", [old_slug])
        self.db.execute("INSERT OR REPLACE INTO manufacturers VALUES (?, ?)",
                        [manufacturer["slug"], dump(manufacturer)])

    def store_category(self, category, old_slug=None):
        if old_slug:
            self.db.execute("DELETE FROM categories WHERE slug = ?", [old_slug])
        self.db.execute("INSERT OR REPLACE INTO categories VALUES (?, ?)",
                        [category["slug"], dump(category)])

    def replace_categories(self, url):
        categories = list(self.walk(url))
        self.db.execute("DELETE FROM categories")
        for category in categories:
            self.store_category(category)
        return len(categories)

    # --- Checking ---------------------------------------------------------------------------

    def counts(self):
        return {table: self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("entries", "manufacturers", "categories")}

    def held(self, table, key):
        return {row[0]: json.loads(row[1])
                for row in self.db.execute(f"SELECT {key}, data FROM {table}")}

    def differences(self):
        """{table: (missing, extra, different)} against the register's lists now."""
        found = {}
        for table, key, path in (("entries", "registry_number", "products"),
                                 ("manufacturers", "slug", "manufacturers"),
                                 ("categories", "slug", "categories")):
            live = {row[key]: row for row in self.walk(
                f"{self.base}/api/v1/{path}/?page_size={self.page_size}")}
            held = self.held(table, key)
            found[table] = (sorted(live.keys() - held.keys()), sorted(held.keys() - live.keys()),
                            sorted(k for k in live.keys() & held.keys() if live[k] != held[k]))
        return found


def renamed_from(event):
    """The subject's previous slug when the event changed it."""
    slug = (event["changes"] or {}).get("slug") or {}
    return slug.get("before")


def describe(event):
    if event["entry"]:
        return f"{event['entry']['registry_number']} {event['entry']['part_number']} " \
               f"({event['entry']['status']})"
    subject = event["manufacturer"] or event["category"] or {}
    return subject.get("slug", "(not public)")


def dump(data):
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the register")
    parser.add_argument("--db", default="register-mirror.sqlite3", help="the mirror's file")
    parser.add_argument("--once", action="store_true", help="one poll, then exit")
    parser.add_argument("--interval", type=float, default=60, help="seconds between polls")
    parser.add_argument("--language", default="en", help="language of names (ru or en)")
    parser.add_argument("--page-size", type=int, default=PAGE_SIZE)
    parser.add_argument("--verify", action="store_true",
                        help="compare the mirror with the register after syncing")
    args = parser.parse_args(argv)
    mirror = Mirror(args.db, args.url, HTTP(args.language), args.page_size)
    while True:
        applied = mirror.sync()
        counts = mirror.counts()
        print(f"{time.strftime('%H:%M:%S')} cursor {mirror.cursor}: {applied} events applied; "
              f"mirror holds {counts['entries']} entries, {counts['manufacturers']} "
              f"manufacturers, {counts['categories']} categories", flush=True)
        if args.verify:
            problems = {table: found for table, found in mirror.differences().items()
                        if any(found)}
            print("verified: the mirror equals the register" if not problems
                  else f"DIFFERENT: {problems}", flush=True)
            if problems:
                return 1
        if args.once:
            return 0
        time.sleep(args.interval)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # the page being applied was rolled back; the cursor is kept
        sys.exit(130)
