"""Open data: the files round-trip, match their manifest, and the delta holds the changes."""

import csv
import datetime
import hashlib
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from manufacturers.models import Manufacturer
from products.models import Document, ForeignAnalog, PartAlias, Product
from registry.opendata import changes, rows, writer
from tests import factories
from tests.extracts.conftest import exclude

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a datasheet\n%%EOF\n"
LONG_AGO = timezone.now() - datetime.timedelta(days=30)


@pytest.fixture
def register(entry):
    """Five entries of four manufacturers, one excluded, with parts; all changed long ago."""
    others = [factories.make_product(f"1554ЛИ{n}", aliases=[f"IN74AC{n}"],
                                     analogs=[(f"74AC0{n}", "pin_to_pin")]) for n in range(4)]
    exclude(others[0])
    document = Document(product=entry, kind="datasheet", title="Техническое описание",
                        file=SimpleUploadedFile("d.pdf", PDF))
    document.full_clean()
    document.save()
    Manufacturer.objects.filter(pk=entry.manufacturer_id).update(email="secret@example.org")
    backdate()
    return [entry, *others]


@pytest.fixture
def out(tmp_path):
    return tmp_path / "open-data"


def backdate():
    Product.objects.update(updated_at=LONG_AGO)
    Manufacturer.objects.update(updated_at=LONG_AGO)
    with factories.rewriting_history():
        for model in [Product, *changes.PART_MODELS]:
            model.history.model.objects.update(history_date=LONG_AGO)


def export(out_dir, since=None):
    out = io.StringIO()
    args = ["--out", str(out_dir)] + (["--since", since] if since else [])
    call_command("export_open_data", *args, stdout=out)
    return json.loads((out_dir / "manifest.json").read_text(encoding="utf-8")), out.getvalue()


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def read_csv(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.superuser  # the register fixture ages the history
def test_the_files_round_trip_and_match_their_manifest(register, out):
    manifest, output = export(out)
    assert manifest["schema_version"] == rows.SCHEMA_VERSION
    assert manifest["full"]["entries"] == 5
    for name, facts in manifest["files"].items():
        data = (out / name).read_bytes()
        assert facts["sha256"] == hashlib.sha256(data).hexdigest(), name
        assert facts["bytes"] == len(data)
    sums = (out / "SHA256SUMS").read_text().splitlines()
    assert sums == [f"{facts['sha256']}  {name}" for name, facts in manifest["files"].items()]

    jsonl = read_jsonl(out / "entries.jsonl")
    table = read_csv(out / "entries.csv")
    assert len(jsonl) == len(table) == manifest["files"]["entries.jsonl"]["rows"] == 5
    assert manifest["files"]["entries.csv"]["rows"] == 5
    assert [r["registry_number"] for r in jsonl] == sorted(p.registry_number for p in register)
    assert list(table[0]) == rows.CSV_COLUMNS
    for row, flat in zip(jsonl, table, strict=True):
        assert flat["registry_number"] == row["registry_number"]
        assert flat["manufacturer_inn"] == row["manufacturer"]["inn"]
        for name in rows.LIST_FIELDS:
            assert json.loads(flat[name]) == row[name]
    assert "Wrote 5 entries" in output


@pytest.mark.superuser  # the register fixture ages the history
def test_a_row_holds_the_public_entry(register, out):
    export(out)
    row = read_jsonl(out / "entries.jsonl")[0]
    assert row["registry_number"] == "UR-2025-000001"
    assert row["part_number"] == "К1986ВЕ92QI"
    assert row["url"] == "/products/UR-2025-000001/"
    assert row["manufacturer"]["ogrn"] == factories.VALID_OGRN
    assert row["category"]["path"] == "microcontrollers-test"
    assert row["registered_at"] == "2025-02-03"
    assert row["documents"][0]["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert row["documents"][0]["url"].startswith("/products/UR-2025-000001/documents/")
    excluded = next(r for r in read_jsonl(out / "entries.jsonl")
                    if r["status"] == "excluded")
    assert (excluded["excluded_at"], excluded["exclusion_reason"]) == ("2026-06-01",
                                                                       "false_data")


@pytest.mark.superuser  # the register fixture ages the history
def test_only_public_data_is_exported(register, out, settings):
    settings.REGISTER_PUBLIC_URL = "https://register.example"
    export(out)
    for name in ("entries.jsonl", "entries.csv"):
        text = (out / name).read_text(encoding="utf-8")
        assert "secret@example.org" not in text
        assert "key_lookalike" not in text and "email" not in text
    assert read_jsonl(out / "entries.jsonl")[0]["url"] == (
        "https://register.example/products/UR-2025-000001/")


@pytest.mark.superuser  # the register fixture ages the history
def test_the_delta_holds_exactly_the_changed_entries(register, out):
    entry, renamed, analog_added, maker_renamed, untouched = register
    renamed.name_en = "Renamed"
    renamed.save()
    ForeignAnalog.objects.create(product=analog_added, part_number="SN74AC00N")
    maker = maker_renamed.manufacturer
    maker.short_name_en = "Renamed maker"
    maker.save()
    PartAlias.objects.filter(product=untouched).first().delete()
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()

    manifest, _output = export(out, since=since)
    delta = {r["registry_number"] for r in read_jsonl(out / "delta.jsonl")}
    assert delta == {renamed.registry_number, analog_added.registry_number,
                     maker_renamed.registry_number, untouched.registry_number}
    assert manifest["delta"]["entries"] == 4
    assert {r["registry_number"] for r in read_csv(out / "delta.csv")} == delta
    assert manifest["full"]["entries"] == 5


@pytest.mark.superuser  # the register fixture ages the history
def test_by_default_the_delta_covers_the_previous_day(register, out):
    manifest, _output = export(out)
    assert manifest["delta"]["entries"] == 0
    since = datetime.datetime.fromisoformat(manifest["delta"]["since"])
    local = timezone.localtime(since)
    assert (local.hour, local.minute) == (0, 0)
    assert timezone.localdate() - local.date() == datetime.timedelta(days=1)


@pytest.mark.superuser  # the register fixture ages the history
def test_a_date_since_means_midnight_in_the_registers_time_zone(register, out):
    manifest, _output = export(out, since="2026-03-01")
    assert manifest["delta"]["since"] == "2026-02-28T21:00:00Z"


@pytest.mark.parametrize("since", ["yesterday", "2026-13-01", "2999-01-01", "2026-03-01T25:00"])
def test_a_bad_since_is_refused(out, since, db):
    with pytest.raises(CommandError):
        call_command("export_open_data", "--out", str(out), "--since", since)


def test_an_unwritable_destination_is_a_clear_error(tmp_path, db):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("export_open_data", "--out", str(blocker / "sub"))


@pytest.mark.superuser  # the register fixture ages the history
def test_a_failed_run_leaves_the_previous_files_untouched(register, out, monkeypatch):
    manifest, _output = export(out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(product):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(writer, "entry_row", broken)
    with pytest.raises(RuntimeError):
        export(out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_the_export_runs_a_fixed_number_of_queries(entry, out):
    def count():
        with CaptureQueriesContext(connection) as queries:
            writer.export(out, LONG_AGO, timezone.now())
        return len(queries)

    few = count()
    for n in range(6):
        factories.make_product(f"Q{n}", aliases=["A", "B"], analogs=[("X", "functional")])
    assert count() == few


def test_the_formats_are_documented():
    from django.conf import settings

    doc = (settings.BASE_DIR / "docs" / "open-data.md").read_text(encoding="utf-8")
    for column in rows.CSV_COLUMNS:
        assert f"`{column}`" in doc, column
