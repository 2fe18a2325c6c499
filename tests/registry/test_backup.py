"""dump_register and restore_register: a complete round trip into an empty database gives
identical data and files; a damaged, tampered or foreign archive is refused whole."""

import base64
import gzip
import hashlib
import io
import json
import tarfile

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.http import HttpRequest
from django.utils import timezone

from registry import workflow
from registry.backup import archive, contents
from registry.extracts import issuing
from registry.models import User
from tests.applications import make_application, pdf

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def register(monkeypatch, rep_a, maker_a, registrar):
    """The demo register, plus what it lacks: documents with files, an issued extract, an API
    token, a reminder, an import run and an account's own permission."""
    from django.contrib.auth.models import Permission

    from registry.audit import acting_as
    from registry.demo import loader
    from registry.models import ImportRun, Reminder, Subscription
    from registry.workflow import batches
    from tests.api.conftest import issue_token

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
    Reminder.objects.create(kind="expiry", product=application.product,
                            about=application.product.valid_until, days=30)
    ImportRun.objects.create(actor=registrar, format="by-register", source_register="BY",
                             file_name="register.csv", file_sha256="0" * 64)
    with acting_as(registrar, "test"):
        registrar.user_permissions.add(Permission.objects.get(codename="view_product"))
    # A catalogue staged (one row, one document) and a follower of a search.
    batch = batches.check_and_stage(rep_a, maker_a, {}, [(2, {})], file_name="catalogue.csv")
    batches.add_batch_document(batch, rep_a, kind="datasheet", file=pdf())
    Subscription.objects.create(email="engineer@example.org", query="category=logic",
                                confirmed_at=timezone.now())
    yield issue_token(rep_a, maker_a)
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


# --- What is archived, what is not, and why (issue 16, finding 8) -------------------------------

def manifest_of(path):
    with tarfile.open(path, "r:gz") as tar:
        return json.loads(tar.extractfile("manifest.json").read())


def test_the_manifest_names_every_table_archived_or_not_and_why(register, tmp_path):
    from django.apps import apps
    path = tmp_path / "archive.tar.gz"
    call_command("dump_register", str(path), verbosity=0)
    manifest = manifest_of(path)
    archived, left_out = set(manifest["counts"]), manifest["not_archived"]
    tables = {model._meta.label for model in apps.get_models() if not model._meta.proxy}
    assert archived | set(left_out) == tables and not archived & set(left_out)
    assert {"registry.ApiToken", "registry.HistoricalApiToken"} <= archived
    assert "signing secret" in left_out["registry.WebhookSubscription"]
    assert all(reason for reason in left_out.values())


def test_api_tokens_work_again_after_a_restore(register, settings, tmp_path, client):
    token = register
    path = tmp_path / "archive.tar.gz"
    call_command("dump_register", str(path), verbosity=0)
    assert token.encode() not in members(path)["data/registry.ApiToken.jsonl"]  # digests only
    empty_the_database(settings)
    call_command("restore_register", str(path), verbosity=0)
    response = client.get("/api/v1/applications/",
                          headers={"authorization": f"Token {token}"})
    assert response.status_code == 200


def test_a_corrupted_gzip_crc_is_refused_naming_the_stream(register, settings, tmp_path):
    good, bad = tmp_path / "good.tar.gz", tmp_path / "bad.tar.gz"
    call_command("dump_register", str(good), verbosity=0)
    data = bytearray(good.read_bytes())
    data[-8] ^= 0xFF  # the gzip trailer's CRC-32: every member itself reads intact
    bad.write_bytes(bytes(data))
    empty_the_database(settings)
    with pytest.raises(CommandError, match=r"bad\.tar\.gz is damaged: its gzip stream fails "
                                           r"its integrity check \(CRC check failed"):
        call_command("restore_register", str(bad), verbosity=0)
    assert not User.objects.exists()


def reforge(path, target, change, signature=None, recount=None):
    """What someone who alters an archive does: change members, recompute every checksum of
    the manifest (and its counts with `recount(manifest)`) and the manifest's own;
    `signature(body)` makes the signature member (by default the original one is kept)."""
    with tarfile.open(path, "r:gz") as source:
        contents_ = {m.name: source.extractfile(m).read() for m in source.getmembers()}
    for name in list(contents_):
        if name.startswith(("data/", "files/")):
            contents_[name] = change(name, contents_[name])
    manifest = json.loads(contents_["manifest.json"])
    for name in manifest["members"]:
        manifest["members"][name] = {"sha256": hashlib.sha256(contents_[name]).hexdigest(),
                                     "size": len(contents_[name])}
    if recount is not None:
        recount(manifest)
    body = json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False).encode()
    contents_["manifest.json"] = body
    contents_["manifest.sha256"] = hashlib.sha256(body).hexdigest().encode()
    if signature is not None:
        contents_["manifest.sig"] = signature(body)
    with tarfile.open(target, "w:gz") as copy:
        for name, content in contents_.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            copy.addfile(info, io.BytesIO(content))


def signed_by_a_stranger(body):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from registry.extracts import keys
    stranger = Ed25519PrivateKey.generate()
    return json.dumps({"algorithm": "Ed25519", "key_id": keys.key_id_of(stranger.public_key()),
                       "signature": base64.b64encode(stranger.sign(body)).decode()}).encode()


@pytest.mark.parametrize("signature, message", [
    (None, "does not match its signature: the archive was altered"),
    (signed_by_a_stranger, "which this register does not publish"),
])
def test_an_altered_archive_with_recomputed_checksums_is_refused(register, settings, tmp_path,
                                                                 signature, message):
    good, bad = tmp_path / "good.tar.gz", tmp_path / "bad.tar.gz"
    call_command("dump_register", str(good), verbosity=0)
    reforge(good, bad, tamper_row, signature)
    empty_the_database(settings)
    with pytest.raises(CommandError, match=message):
        call_command("restore_register", str(bad), verbosity=0)
    assert not User.objects.exists()


def test_a_unique_key_clash_on_restore_is_a_message_and_changes_nothing(register, settings,
                                                                         tmp_path):
    """An archive the register signed, whose rows clash with one another (a category twice,
    under another id): a clear refusal naming the row, no traceback, nothing written."""
    good, bad = tmp_path / "good.tar.gz", tmp_path / "bad.tar.gz"
    call_command("dump_register", str(good), verbosity=0)

    def twin_category(name, content):
        if name != "data/products.Category.jsonl":
            return content
        row = json.loads(content.splitlines()[0])
        row["pk"] = 999_999
        return content + json.dumps(row).encode() + b"\n"

    def recount(manifest):  # the manifest's count of categories follows the extra row
        manifest["counts"]["products.Category"] += 1

    reforge(good, bad, twin_category, signature=archive.sign, recount=recount)
    empty_the_database(settings)
    with pytest.raises(CommandError, match=r"Row 999999 of products\.Category cannot be "
                                           r"written: it clashes with a row already in the "
                                           r"database or restored before it"):
        call_command("restore_register", str(bad), verbosity=0)
    assert not User.objects.exists()
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]

