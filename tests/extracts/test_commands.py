"""Offline verification: `manage.py verify_extract` and the standalone example script."""

import base64
import io
import json
import subprocess
import sys
import urllib.request

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.management import CommandError, call_command

from registry.extracts import attachments, keys
from tests.extracts.conftest import exclude
from tests.extracts.pdfs import with_payload

pytestmark = pytest.mark.django_db

SCRIPT = settings.BASE_DIR / "examples" / "verify_extract.py"


@pytest.fixture
def genuine(issue, entry, tmp_path):
    path = tmp_path / "extract.pdf"
    path.write_bytes(issue(entry).content)
    return path


@pytest.fixture
def tampered(genuine, tmp_path):
    content, envelope = attachments.read(genuine.read_bytes())
    path = tmp_path / "tampered.pdf"
    path.write_bytes(with_payload(genuine.read_bytes(),
                                  content.replace(b"registered", b"suspended"), envelope))
    return path


@pytest.fixture
def keys_file(tmp_path):
    path = tmp_path / "register-extract-keys.json"
    path.write_text(json.dumps(keys.keys_document()), encoding="utf-8")
    return path


def verify(*args):
    out = io.StringIO()
    call_command("verify_extract", *map(str, args), stdout=out)
    return out.getvalue()


def test_the_command_verifies_a_genuine_extract_and_prints_its_content(genuine, entry):
    exclude(entry)
    output = verify(genuine)
    assert "GENUINE: the signature is valid (Ed25519, key " in output
    assert "UR-2025-000001  К1986ВЕ92QI" in output
    assert "Milandr JSC (RU)" in output
    assert "Status then:   registered: Продукция включена в реестр." in output
    assert "Register:      holds the same signed content" in output
    assert "Status now:    excluded" in output
    printed = json.loads(output.split("Signed content:\n", 1)[1])
    assert printed["entry"]["manufacturer"]["inn"] == "7735007358"


def test_the_command_rejects_a_tampered_extract(tampered):
    with pytest.raises(CommandError, match="NOT GENUINE: The signature does not match"):
        verify(tampered)


def test_the_command_rejects_what_is_not_an_extract(tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_bytes(b"%PDF-1.4 nothing here")
    with pytest.raises(CommandError, match="NOT GENUINE: The file carries no readable"):
        verify(path)
    with pytest.raises(CommandError, match="Cannot read"):
        verify(tmp_path / "absent.pdf")


def test_the_command_uses_a_saved_keys_file_when_given(genuine, keys_file, tmp_path):
    assert "GENUINE" in verify(genuine, "--keys", keys_file)
    strangers = tmp_path / "other-keys.json"
    other = Ed25519PrivateKey.generate().public_key()
    strangers.write_text(json.dumps({"keys": [{
        "key_id": keys.key_id_of(other),
        "public_key": base64.b64encode(keys.raw_public_bytes(other)).decode()}]}))
    with pytest.raises(CommandError, match="does not publish"):
        verify(genuine, "--keys", strangers)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(CommandError, match="Cannot read the keys file"):
        verify(genuine, "--keys", broken)


def run_script(pdf, keys_source):
    return subprocess.run([sys.executable, str(SCRIPT), str(pdf), str(keys_source)],
                          capture_output=True, text=True, timeout=60, check=False)


def test_the_standalone_script_needs_no_django():
    source = SCRIPT.read_text(encoding="utf-8")
    assert "django" not in source.lower()
    code_lines = [line for line in source.splitlines() if line.strip()]
    assert len(code_lines) <= 45


def test_the_standalone_script_verifies_a_genuine_extract(genuine, keys_file):
    result = run_script(genuine, keys_file)
    assert result.returncode == 0, result.stderr
    assert "GENUINE: extract" in result.stdout
    assert "of entry UR-2025-000001 (К1986ВЕ92QI)" in result.stdout


def test_the_standalone_script_rejects_a_tampered_extract(tampered, keys_file):
    result = run_script(tampered, keys_file)
    assert result.returncode == 1
    assert "NOT GENUINE" in result.stderr


def test_the_extract_keys_command_prints_the_published_keys_and_makes_new_ones():
    out = io.StringIO()
    call_command("extract_keys", stdout=out)
    assert json.loads(out.getvalue()) == keys.keys_document()
    out = io.StringIO()
    call_command("extract_keys", "--generate", stdout=out)
    seed = out.getvalue().splitlines()[0].removeprefix("EXTRACT_SIGNING_KEY=")
    assert keys.parse_private_key(seed) is not None


@pytest.mark.django_db(transaction=True)
def test_a_visitor_downloads_an_extract_opens_its_qr_link_and_checks_it(live_server, tmp_path):
    """From a running server: download, follow the link in the QR code, verify offline."""
    from tests.extracts.conftest import make_entry

    make_entry()
    with urllib.request.urlopen(
            f"{live_server.url}/products/UR-2025-000001/extract.pdf") as response:
        pdf = response.read()
    content = json.loads(attachments.read(pdf)[0])
    assert content["verification_url"].startswith(f"{live_server.url}/verify/")
    request = urllib.request.Request(content["verification_url"],
                                     headers={"Accept-Language": "en"})
    with urllib.request.urlopen(request) as response:
        assert "Genuine extract" in response.read().decode()
    path = tmp_path / "extract.pdf"
    path.write_bytes(pdf)
    result = run_script(path, f"{live_server.url}/.well-known/register-extract-keys.json")
    assert result.returncode == 0, result.stderr
