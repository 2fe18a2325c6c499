"""dump_register and restore_register: a complete round trip into an empty database gives
identical data and files; a damaged, tampered or foreign archive is refused whole."""

import gzip
import io
import json
import tarfile

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.http import HttpRequest

from registry import workflow
from registry.backup import archive, contents
from registry.extracts import issuing
from registry.models import User
from tests.applications import make_application, pdf

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def register(monkeypatch, rep_a, maker_a, registrar):
    """The demo register, plus what it lacks: documents with files and an issued extract."""
    from registry.demo import loader

    monkeypatch.setenv("DEMO_PASSWORD", "demo-Password-1")
    cache.clear()
    loader.load()
    application = make_application(rep_a, maker_a)
    workflow.add_document(application, rep_a, kind="datasheet", file=pdf())
    workflow.submit(application, rep_a)
    workflow.take_for_review(application, registrar)
    application = workflow.approve(application, registrar)  # the document is copied
    issuing.issue(application.product, language="ru", verification_url=lambda code: code,
                  keys_url="/keys")
    yield
    cache.clear()


def members(path):
    """Every member of an archive but the manifest (which carries the time of the dump)."""
    with tarfile.open(path, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers()
                if m.name.startswith(("data/", "files/"))}


def empty_the_database(settings):
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(settings.MEDIA_ROOT.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def test_a_round_trip_into_an_empty_database_gives_identical_data(register, settings, tmp_path):
    first, second = tmp_path / "first.tar.gz", tmp_path / "second.tar.gz"
    call_command("dump_register", str(first), verbosity=0)
    before = members(first)
    assert all(before[archive.data_member(m._meta.label)] for m in contents.models())
    assert [name for name in before if name.startswith("files/")]

    empty_the_database(settings)
    assert not User.objects.exists()
    call_command("restore_register", str(first), verbosity=0)
    call_command("dump_register", str(second), verbosity=0)
    assert members(second) == before
    # The restored register works: numbering goes on, people reset their passwords.
    registrar = User.objects.get(username="registrar")
    assert registrar.is_registrar and not registrar.has_usable_password()


def test_password_hashes_are_kept_only_when_asked(register, settings, tmp_path, client):
    path = tmp_path / "with-hashes.tar.gz"
    call_command("dump_register", str(path), "--with-password-hashes", verbosity=0)
    empty_the_database(settings)
    call_command("restore_register", str(path), verbosity=0)
    assert client.login(request=HttpRequest(), username="integral",
                        password="demo-Password-1")


def test_the_archive_holds_no_hash_by_default(register, tmp_path):
    path = tmp_path / "plain.tar.gz"
    call_command("dump_register", str(path), verbosity=0)
    users = members(path)["data/registry.User.jsonl"].decode().splitlines()
    assert {json.loads(line)["fields"]["password"] for line in users} == {"!"}


def test_restoring_into_a_database_with_data_is_refused(register, tmp_path):
    path = tmp_path / "archive.tar.gz"
    call_command("dump_register", str(path), verbosity=0)
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_register", str(path), verbosity=0)


def rewrite(path, target, change):
    """Copy the archive at `path` to `target` with `change(name, content)` applied."""
    with tarfile.open(path, "r:gz") as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            content = change(member.name, source.extractfile(member).read())
            if content is None:
                continue
            member.size = len(content)
            copy.addfile(member, io.BytesIO(content))


def tamper_row(name, content):
    if name == "data/products.Product.jsonl":
        return content.replace(b"registered", b"excluded", 1)
    return content


def drop_a_file(name, content):
    return None if name.startswith("files/") else content


@pytest.mark.parametrize("damage, message", [
    ("flipped byte", "not a readable archive|damaged|has no"),
    ("truncated", "not a readable archive|damaged|has no"),
    ("tampered row", "does not match its checksum"),
    ("missing file", "differ from its manifest"),
    ("forged manifest", "manifest does not match"),
    ("not an archive", "not a readable archive"),
])
def test_a_damaged_archive_is_refused_and_nothing_is_restored(register, settings, tmp_path,
                                                              damage, message):
    good, bad = tmp_path / "good.tar.gz", tmp_path / "bad.tar.gz"
    call_command("dump_register", str(good), verbosity=0)
    data = good.read_bytes()
    if damage == "flipped byte":
        middle = len(data) // 2
        bad.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1:])
    elif damage == "truncated":
        bad.write_bytes(data[: len(data) * 2 // 3])
    elif damage == "tampered row":
        rewrite(good, bad, tamper_row)
    elif damage == "missing file":
        rewrite(good, bad, drop_a_file)
    elif damage == "forged manifest":
        rewrite(good, bad, lambda name, content: content.replace(b'"counts"', b'"Counts"')
                if name == "manifest.json" else content)
    else:
        bad.write_bytes(gzip.compress(b"just some text"))
    empty_the_database(settings)
    with pytest.raises(CommandError, match=message):
        call_command("restore_register", str(bad), verbosity=0)
    assert not User.objects.exists()
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]
