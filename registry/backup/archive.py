"""The archive file: a gzip-compressed tar holding

    data/<app.Model>.jsonl   one JSON object per row (Django's serialisation), by primary key
    files/<stored name>      the document files, under the names the rows give them
    manifest.json            format, version, time, row counts, the tables not archived and
                             why, and size and SHA-256 of every member above
    manifest.sha256          SHA-256 of manifest.json (damage)
    manifest.sig             the register's Ed25519 signature of manifest.json (alteration):
                             {"algorithm", "key_id", "signature"}, the extracts' signing key

Reading checks everything before anything is restored: the whole gzip stream against its CRC
and length, the manifest's checksum and its signature by a key the register publishes (the
current one or a retired one), then every member's size and checksum, and that no member is
missing, extra, or named outside its folder. Since the signed manifest holds every member's
SHA-256, a member changed anywhere is refused, whoever recomputed the checksums. Any failure
is an ArchiveError.
"""

import base64
import binascii
import gzip
import hashlib
import io
import json
import re
import tarfile
import zlib
from contextlib import contextmanager
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from django.utils.translation import gettext as _

from ..extracts import keys

FORMAT = "unified-register-archive"
VERSION = 2  # 2: the manifest is signed
MANIFEST, MANIFEST_SUM, MANIFEST_SIG = "manifest.json", "manifest.sha256", "manifest.sig"
SAFE_MEMBER = re.compile(r"^(data/[A-Za-z_.]+\.jsonl|files/[A-Za-z0-9_/.-]+)$")
CHUNK = 1024 * 1024


class ArchiveError(Exception):
    """The file is not an intact archive of the register; the message says why."""


def data_member(label):
    return f"data/{label}.jsonl"


def sha256_of(handle):
    digest, size = hashlib.sha256(), 0
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


@contextmanager
def writing(path):
    """A Writer for a new archive at `path`; call finish(manifest) when all is added."""
    with tarfile.open(path, "w:gz") as tar:
        yield Writer(tar)


def sign(body):
    """The signature member for a manifest's bytes, made with the register's key."""
    private_key = keys.signing_key()
    return json.dumps({
        "algorithm": keys.ALGORITHM,
        "key_id": keys.key_id_of(private_key.public_key()),
        "signature": base64.b64encode(private_key.sign(body)).decode("ascii"),
    }, sort_keys=True).encode()


def verify_signature(body, signature):
    """Refuse a manifest not signed by a key this register publishes."""
    try:
        envelope = json.loads(signature)
        key_id, value = envelope["key_id"], base64.b64decode(envelope["signature"],
                                                             validate=True)
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise ArchiveError(_("The archive's manifest signature (%(name)s) cannot be read.")
                           % {"name": MANIFEST_SIG}) from None
    published = keys.published_keys().get(key_id)
    if published is None:
        raise ArchiveError(_("The archive is signed with key %(key_id)s, which this register "
                             "does not publish: it was written by another register or signed "
                             "by someone else, and is refused.") % {"key_id": key_id})
    try:
        published.public_key.verify(value, body)
    except InvalidSignature:
        raise ArchiveError(_("The archive's manifest does not match its signature: the archive "
                             "was altered after it was written, and is refused.")) from None


def verify_stream(path):
    """Read the whole gzip stream, so that its CRC and length are checked (reading members
    by their offsets stops before the end and would not notice)."""
    try:
        with gzip.open(path, "rb") as stream:
            while stream.read(CHUNK):
                pass
    except (gzip.BadGzipFile, EOFError, OSError, zlib.error) as error:
        raise ArchiveError(_("%(file)s is damaged: its gzip stream fails its integrity check "
                             "(%(error)s).") % {"file": Path(path).name, "error": error}) \
            from error


@contextmanager
def reading(path):
    """A Reader of the archive at `path`, verified whole (or an ArchiveError)."""
    try:
        with open(path, "rb") as handle:
            magic = handle.read(2)
    except OSError as error:
        raise ArchiveError(_("The file is not a readable archive of the register: "
                             "%(error)s") % {"error": error}) from error
    if magic != b"\x1f\x8b":
        raise ArchiveError(_("The file is not a readable archive of the register: it is not "
                             "gzip-compressed."))
    verify_stream(path)
    try:
        tar = tarfile.open(path, "r:gz")  # noqa: SIM115 -- closed below; opening may fail
    except (tarfile.TarError, OSError, EOFError) as error:
        raise ArchiveError(_("The file is not a readable archive of the register: "
                             "%(error)s") % {"error": error}) from error
    with tar:
        yield Reader(tar)


class Writer:
    """Adds members to a new archive, keeping their checksums for the manifest."""

    def __init__(self, tar):
        self.tar = tar
        self.members = {}

    def add_file(self, name, path):
        with open(path, "rb") as handle:
            self.add_stream(name, handle)

    def add_stream(self, name, handle):
        """`handle`: a binary file that can seek (a local file, or a document opened from
        object storage); it is read twice, for the sum and for the copy."""
        digest, size = sha256_of(handle)
        self.members[name] = {"sha256": digest, "size": size}
        handle.seek(0)
        info = tarfile.TarInfo(name)
        info.size = size
        self.tar.addfile(info, handle)

    def add_bytes(self, name, content):
        info = tarfile.TarInfo(name)
        info.size = len(content)
        self.tar.addfile(info, io.BytesIO(content))

    def finish(self, manifest):
        manifest = {"format": FORMAT, "version": VERSION, **manifest, "members": self.members}
        body = json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False).encode()
        self.add_bytes(MANIFEST, body)
        self.add_bytes(MANIFEST_SUM, hashlib.sha256(body).hexdigest().encode())
        self.add_bytes(MANIFEST_SIG, sign(body))


class Reader:
    """An archive opened for reading, verified whole before it is used."""

    def __init__(self, tar):
        self.tar = tar
        try:
            self.index = {member.name: member for member in tar.getmembers()}
        except (tarfile.TarError, OSError, EOFError) as error:
            raise ArchiveError(_("The file is not a readable archive of the register: "
                                 "%(error)s") % {"error": error}) from error
        self.manifest = self._manifest()
        self._verify_members()

    def _read(self, name):
        member = self.index.get(name)
        if member is None or not member.isfile():
            raise ArchiveError(_("The archive has no %(name)s.") % {"name": name})
        try:
            return self.tar.extractfile(member).read()
        except (tarfile.TarError, OSError, EOFError) as error:
            raise ArchiveError(_("The archive is damaged: %(error)s") % {"error": error}) \
                from error

    def _manifest(self):
        body = self._read(MANIFEST)
        if hashlib.sha256(body).hexdigest().encode() != self._read(MANIFEST_SUM).strip():
            raise ArchiveError(_("The archive's manifest does not match its checksum."))
        try:
            manifest = json.loads(body)
        except ValueError:
            manifest = None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT \
                or manifest.get("version") != VERSION:
            manifest = manifest if isinstance(manifest, dict) else {}
            raise ArchiveError(_("This is not an archive of the register in a format this "
                                 "version reads (format %(format)s, version %(version)s).")
                               % {"format": manifest.get("format"),
                                  "version": manifest.get("version")})
        verify_signature(body, self._read(MANIFEST_SIG))
        return manifest

    def _verify_members(self):
        listed = self.manifest["members"]
        present = set(self.index) - {MANIFEST, MANIFEST_SUM, MANIFEST_SIG}
        unexpected = sorted(present - set(listed))
        missing = sorted(set(listed) - present)
        if unexpected or missing:
            raise ArchiveError(_("The archive's members differ from its manifest (missing: "
                                 "%(missing)s; not listed: %(unexpected)s).")
                               % {"missing": ", ".join(missing) or "—",
                                  "unexpected": ", ".join(unexpected) or "—"})
        for name, expected in listed.items():
            if not SAFE_MEMBER.match(name) or ".." in name.split("/"):
                raise ArchiveError(_("The archive holds a member with an unsafe name: "
                                     "%(name)s.") % {"name": name})
            if (self._checksum(name), self.index[name].size) != (expected["sha256"],
                                                                  expected["size"]):
                raise ArchiveError(_("%(name)s in the archive does not match its checksum: "
                                     "the archive is damaged.") % {"name": name})

    def _checksum(self, name):
        try:
            return sha256_of(self.tar.extractfile(self.index[name]))[0]
        except (tarfile.TarError, OSError, EOFError) as error:
            raise ArchiveError(_("The archive is damaged: %(error)s") % {"error": error}) \
                from error

    def rows(self, label):
        """The rows of a model, as Django's serialisation dictionaries."""
        handle = self.tar.extractfile(self.index[data_member(label)])
        for line in handle:
            yield json.loads(line)

    def file(self, name):
        return self.tar.extractfile(self.index[f"files/{name}"])
