"""Documents in S3-protocol object storage (MEDIA_STORAGE_URL): uploaded, downloaded only
through the register's views, backed up and restored, and checked by /healthz. An S3 server
runs on loopback for these tests (moto's, speaking the real protocol over HTTP)."""

import socket
import tarfile
import uuid

import boto3
import pytest
from django.core.management import call_command
from moto.server import ThreadedMotoServer

from config.media_storage import MediaStorageUrlError, storage_from_url
from registry.models import ApplicationDocument
from tests.applications import PDF, make_application, pdf

pytestmark = pytest.mark.django_db(transaction=True)



def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def s3_server():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield port, server
    server.stop()


@pytest.fixture
def bucket(s3_server, settings):
    """A new bucket, the default storage (moto's buckets outlive one server in a process)."""
    port, _ = s3_server
    name = f"register-{uuid.uuid4().hex}"
    url = f"s3://key:secret@127.0.0.1:{port}/{name}?tls=0&region=eu-central-1&prefix=media"
    client = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{port}",
                          region_name="eu-central-1", aws_access_key_id="key",
                          aws_secret_access_key="secret")
    client.create_bucket(Bucket=name,
                         CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    settings.STORAGES = {**settings.STORAGES, "default": storage_from_url(url)}
    return Bucket(client, name)


class Bucket:
    def __init__(self, client, name):
        self.client, self.name = client, name

    def keys(self):
        listing = self.client.list_objects_v2(Bucket=self.name)
        return [item["Key"] for item in listing.get("Contents", [])]

    def read(self, key):
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def delete(self, key):
        self.client.delete_object(Bucket=self.name, Key=key)


def upload(client, application, content):
    return client.post(f"/portal/applications/{application.pk}/documents/",
                       {"kind": "datasheet", "title": "", "file": pdf(content=content)})


def test_a_document_goes_to_the_bucket_and_comes_back_through_the_view(
        bucket, client, rep_a, maker_a, settings):
    client.force_login(rep_a)
    draft = make_application(rep_a, maker_a)
    assert upload(client, draft, PDF + b"%one").status_code == 302
    document = ApplicationDocument.objects.get()
    assert bucket.keys() == [f"media/{document.file.name}"]
    assert not list(settings.MEDIA_ROOT.rglob("*.pdf"))  # nothing on the local disk
    download = client.get(f"/portal/applications/{draft.pk}/documents/{document.pk}/")
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content) == PDF + b"%one"
    client.logout()
    assert client.get(f"/portal/applications/{draft.pk}/documents/{document.pk}/"
                      ).status_code == 302  # to the sign-in page: no public address


def test_a_backup_reads_documents_from_the_bucket_and_a_restore_writes_them_back(
        bucket, client, rep_a, maker_a, tmp_path):
    client.force_login(rep_a)
    draft = make_application(rep_a, maker_a)
    upload(client, draft, PDF + b"%kept")
    name = ApplicationDocument.objects.get().file.name
    archive = tmp_path / "register.tar.gz"
    call_command("dump_register", str(archive), verbosity=0)
    with tarfile.open(archive, "r:gz") as tar:
        assert tar.extractfile(f"files/{name}").read() == PDF + b"%kept"

    call_command("flush", interactive=False, verbosity=0)
    bucket.delete(f"media/{name}")
    call_command("restore_register", str(archive), verbosity=0)
    assert bucket.read(f"media/{name}") == PDF + b"%kept"


def test_health_checks_the_bucket(bucket, s3_server, client):
    assert client.get("/healthz").json()["checks"]["media_disk"] == "OK"
    assert bucket.keys() == []  # the probe cleans up after itself
    _, server = s3_server
    server.stop()
    answer = client.get("/healthz")
    assert answer.status_code == 503
    assert answer.json()["checks"]["media_disk"].startswith(
        "Unavailable: The document storage refuses a file")
    server.start()  # for the fixture's own stop


@pytest.mark.parametrize("url", ["s3://key:secret@host", "ftp://host/bucket",
                                 "s3://key:secret@host/a/b", "s3:///bucket"])
def test_a_media_storage_url_that_names_no_bucket_is_refused(url):
    with pytest.raises(MediaStorageUrlError, match="s3://KEY:SECRET@host"):
        storage_from_url(url)


def test_a_media_storage_url_gives_private_path_style_storage():
    options = storage_from_url("s3://ak:s%2Fk@objects.example.org/docs?region=ru-1")["OPTIONS"]
    assert options["endpoint_url"] == "https://objects.example.org"
    assert (options["access_key"], options["secret_key"]) == ("ak", "s/k")
    assert options["bucket_name"] == "docs" and options["region_name"] == "ru-1"
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert storage_from_url("") == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
