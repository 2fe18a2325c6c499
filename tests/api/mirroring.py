"""examples/mirror.py driven through the test client: the mirror the tests check is the
script users run."""

import importlib.util

from django.conf import settings

BASE = "http://testserver"


def mirror_module():
    spec = importlib.util.spec_from_file_location(
        "register_mirror", settings.BASE_DIR / "examples" / "mirror.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class ClientHTTP:
    """The script's HTTP interface over Django's test client; remembers the feed's events."""

    def __init__(self, client):
        self.client = client
        self.event_ids = []

    def get(self, url, etag=None):
        headers = {"accept-language": "en"}
        if etag:
            headers["if-none-match"] = etag
        response = self.client.get(url, headers=headers)
        if response.status_code == 304:
            return None, etag
        assert response.status_code == 200, (url, response.content)
        data = response.json()
        if "/api/v1/changes/" in url:
            self.event_ids += [event["id"] for event in data["results"]]
        return data, response.get("ETag")


def make_mirror(client, page_size=500, path=":memory:"):
    http = ClientHTTP(client)
    mirror = mirror_module().Mirror(path, BASE, http, page_size=page_size, log=lambda _: None)
    return mirror, http


def assert_mirrors_the_register(mirror):
    mirror.sync()
    differences = mirror.differences()
    assert differences == {table: ([], [], []) for table in differences}
    return mirror.counts()
