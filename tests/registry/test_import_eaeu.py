"""manage.py import_register --format eaeu: the Eurasian register of industrial goods as the
Union publishes it, JSON records of the OData entity set Goodscollection_prod (or the same
records as the procurement portal's gateway answers them, a bare array or JSON Lines).

tests/data/registers/eaeu-sample.json is one OData page with real makers and parts (INTEGRAL's
UNP is not in the shared reference data, so its identitycode is empty and it is matched by
name); record numbers, dates and points are the fixture's own."""

import datetime
import functools
import json
from pathlib import Path

import pytest
from django.core.management import CommandError

from manufacturers.models import Manufacturer
from products.models import Product
from registry.models import Action, Decision, ImportRun
from registry.registers import formats, reading, runs
from tests import factories
from tests.registry.test_import_register import report_rows, run, snapshot

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "registers" / "eaeu-sample.json"
INTEGRAL = "ОАО «ИНТЕГРАЛ» – управляющая компания холдинга «ИНТЕГРАЛ»"

# The commands speak the register's default language; these tests read English.
pytestmark = pytest.mark.usefixtures("commands_in_english")


def records():
    return json.loads(SAMPLE.read_text(encoding="utf-8"))["value"]


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_a_dry_run_of_an_odata_page_reports_its_records(categories, mikron, superuser):
    before = snapshot()
    run(SAMPLE, "--format", "eaeu", "--as", superuser.username)
    assert snapshot() == before
    record = ImportRun.objects.get()
    assert (record.mode, record.rows, record.added, record.errors) == ("dry_run", 4, 4, 0)
    assert record.new_manufacturers == 1  # INTEGRAL; Mikron is found by its INN
    added = {r["record_number"] for r in report_rows(record) if r["outcome"] == "added"}
    assert added == {"000010101", "000010102", "000010103", "000010104"}


def test_applying_registers_the_records(categories, mikron, superuser):
    run(SAMPLE, "--format", "eaeu", "--apply", "--as", superuser.username)

    entries = Product.objects.filter(source_register="eaeu")
    assert set(entries.values_list("part_number", flat=True)) == {
        "IN74HC164AN", "IL34119N", "1180ЕН5А", "К1948ВК018"}
    shift = entries.get(source_record_number="000010101")
    assert shift.name_ru == ("Микросхема интегральная IN74HC164AN, 8-разрядный сдвиговый "
                             "регистр")
    assert (shift.manufacturer.country, shift.manufacturer.short_name_ru) == ("BY", "ИНТЕГРАЛ")
    assert shift.manufacturer.name_ru == INTEGRAL and not shift.manufacturer.unp
    assert shift.source_record_date == datetime.date(2025, 2, 10)
    assert shift.source_valid_until == shift.valid_until == datetime.date(2029, 2, 10)
    assert (shift.okpd2_code, shift.origin_document_kind) == ("26.11.30", "expertise_act")
    mcu = entries.get(part_number="К1948ВК018")
    assert mcu.manufacturer == mikron and mcu.source_record_number == "000010104"
    decision = Decision.objects.get(action=Action.ENTRY_REGISTERED, product=mcu)
    assert "000010104" in decision.comment and decision.actor == superuser
    assert ImportRun.objects.get().mode == "applied"


def test_a_changed_download_is_a_sync(categories, mikron, superuser, tmp_path):
    run(SAMPLE, "--format", "eaeu", "--apply", "--as", superuser.username)
    newer = records()
    newer[1]["goodsname"] = "Микросхема интегральная IL34119N, мостовой усилитель мощности"
    newer[1]["expertactenddate"] = "2031-02-10"
    del newer[2]  # 1180ЕН5А is no longer listed
    newer.append({**newer[0], "registrynumber": "000010105", "publishdate": "2025-06-02T00:00:00Z",
                  "goodsname": "Микросхема интегральная IN74HC174AN, шесть D-триггеров"})
    path = write(tmp_path / "Goodscollection_prod.json", json.dumps(
        {"@odata.context": "…", "value": newer}, ensure_ascii=False))
    before = snapshot()

    run(path, "--format", "eaeu", "--as", superuser.username)
    assert snapshot() == before
    dry = ImportRun.objects.first()
    assert (dry.added, dry.changed, dry.unchanged, dry.gone) == (1, 1, 2, 1)
    rows = {r["record_number"]: r for r in report_rows(dry)}
    assert rows["000010102"]["outcome"] == "changed" and "2031-02-10" in rows["000010102"][
        "message"]
    assert rows["000010103"]["outcome"] == "gone"

    run(path, "--format", "eaeu", "--apply", "--as", superuser.username)
    amplifier = Product.objects.get(source_register="eaeu", source_record_number="000010102")
    assert amplifier.valid_until == datetime.date(2031, 2, 10)
    assert amplifier.name_ru.endswith("мостовой усилитель мощности")
    assert Decision.objects.filter(action=Action.ENTRY_CORRECTED, product=amplifier).exists()
    assert Product.objects.get(part_number="IN74HC174AN").manufacturer.name_ru == INTEGRAL


def test_a_json_proposal_is_applied_from_its_kept_file(categories, mikron, superuser):
    run(SAMPLE, "--format", "eaeu")
    applied = runs.apply_proposal(ImportRun.objects.get(), superuser)
    assert (applied.mode, applied.added, applied.errors) == ("applied", 4, 0)
    assert Product.objects.filter(source_register="eaeu").count() == 4


def _shapes():
    """The sample's records as the other services and saved downloads give them."""
    value = records()
    dumps = functools.partial(json.dumps, ensure_ascii=False)
    return {
        "json lines": "\n".join(dumps(r) for r in value) + "\n",
        "gateway answer": dumps({"result": value, "totalDocuments": 4, "matchedDocuments": 4}),
        "gateway items": dumps({"items": value}),
        "bare array": dumps(value),
        "pages saved one after another": dumps({"value": value[:2], "@odata.nextLink": "…"})
        + "\n" + dumps({"value": value[2:]}),
        "indented": json.dumps({"value": value}, ensure_ascii=False, indent=2),
    }


@pytest.mark.parametrize("shape", ["json lines", "gateway answer", "gateway items",
                                   "bare array", "pages saved one after another", "indented"])
def test_every_json_shape_of_the_records_is_read(categories, mikron, superuser, tmp_path,
                                                  monkeypatch, shape):
    # A small window, so records cross the chunks the file is read in.
    monkeypatch.setattr(reading, "JSON_CHUNK", 97)
    path = write(tmp_path / "eaeu.json", _shapes()[shape])
    run(path, "--format", "eaeu", "--apply", "--as", superuser.username)
    assert Product.objects.filter(source_register="eaeu").count() == 4
    assert ImportRun.objects.get().errors == 0


def test_a_record_without_a_designation_or_of_another_state_is_an_error_of_its_row(
        categories, mikron, superuser, tmp_path):
    value = records()
    value[0]["goodsname"] = "Бумага-основа для декоративных облицовочных материалов"
    value[1]["statemember"] = "03"  # Kazakhstan
    value[2]["statemember"] = "99"
    path = write(tmp_path / "eaeu.jsonl", "\n".join(json.dumps(r) for r in value))
    run(path, "--format", "eaeu", "--apply", "--as", superuser.username)
    record = ImportRun.objects.get()
    assert (record.added, record.errors) == (1, 3)
    errors: dict[str, list] = {}
    for line in report_rows(record):
        if line["outcome"] == "error":
            errors.setdefault(line["row"], []).append((line["column"], line["message"]))
    assert errors["1"][0][0] == "goodsname" and "Бумага-основа" in errors["1"][0][1]
    assert errors["2"] == [("statemember",
                            "The manufacturer's country must be Russia or Belarus.")]
    assert errors["3"][0][0] == "statemember" and "“99” is not one of" in errors["3"][0][1]
    assert list(Product.objects.values_list("part_number", flat=True)) == ["К1948ВК018"]


def _unusable():
    text = SAMPLE.read_text(encoding="utf-8")
    return {
        "truncated": (text[:900], r"not valid JSON: at line \d+, column \d+"),
        "broken": (text.replace('"points": 0,\n', '"points": 0,,\n', 1),
                   "not valid JSON: at line 13, column 19"),
        "no records": ('{"@odata.context": "…", "value": []}', "lists no records"),
        "an error answer": ('{"error": {"code": "", "message": "The query is too long"}}',
                            "error answer of the service.*too long"),
        "not records": ('[1, 2]', "Record 1 of the JSON file is not an object"),
        "other fields": ('[{"id": 1, "title": "IN74HC164AN"}]',
                         "No record of the file has the required field.*“registrynumber”"),
    }


@pytest.mark.parametrize("case", ["truncated", "broken", "no records", "an error answer",
                                  "not records", "other fields"])
def test_unusable_json_is_refused_whole(categories, mikron, superuser, tmp_path, case):
    text, message = _unusable()[case]
    path = write(tmp_path / "eaeu.json", text)
    before = snapshot()
    with pytest.raises(CommandError, match=message):
        run(path, "--format", "eaeu", "--apply", "--as", superuser.username)
    assert snapshot() == before
    assert not ImportRun.objects.exists()


def test_json_fields_are_the_union_of_the_records_nested_ones_flattened(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "JSON_CHUNK", 5)
    path = write(tmp_path / "records.jsonl",
                 '{"registrynumber": "000000001", "okpd2": {"code": "26.11.30"}}\n'
                 '{"registrynumber": "000000002", "points": 12.5, "attachmentid": ["a", "b"]}\n')
    opened = reading.open_register(path)
    assert (opened.kind, opened.header_row) == ("json", 0)
    assert opened.header == ["registrynumber", "okpd2.code", "points", "attachmentid"]
    assert list(opened.rows) == [(1, ["000000001", "26.11.30", None, None]),
                                 (2, ["000000002", None, 12.5, "a; b"])]


def _column(field):
    return next(c for c in formats.load("eaeu").columns if c.field == field)


@pytest.mark.parametrize("published", ["2025-02-10", "2025-02-10T00:00:00Z",
                                       "2025-02-10T00:00:00.000+03:00", "2025-02-10 09:55:56",
                                       "10.02.2025"])
def test_dates_as_the_services_write_them(published):
    assert _column("record_date").read(published) == datetime.date(2025, 2, 10)


@pytest.mark.parametrize(("state", "country"), [("01", "AM"), ("02", "BY"), ("05", "RU"),
                                                ("BY", "BY"), ("Российская Федерация", "RU")])
def test_member_states_by_code_letters_or_name(state, country):
    assert _column("manufacturer_country").read(state) == country


DESIGNATIONS = {
    "Микросхема интегральная IN74HC164AN, 8-разрядный сдвиговый регистр": "IN74HC164AN",
    "Логический элемент 2И-НЕ КР1554ЛА3": "КР1554ЛА3",
    "Микросхема 1273ПН1Т (АЕЯР.431230.702ТУ)": "1273ПН1Т",
    "Стабилизатор в корпусе TO-220 1180ЕН5А.": "1180ЕН5А",
    "Микроконтроллер 32-разрядный К1921ВК01Т": "К1921ВК01Т",
}


@pytest.mark.parametrize("goods", DESIGNATIONS, ids=DESIGNATIONS.values())
def test_the_part_number_is_the_goods_names_designation(goods):
    assert _column("part_number").read(goods) == DESIGNATIONS[goods]


def test_a_maker_without_a_number_is_matched_by_name(categories, mikron, superuser):
    integral = factories.make_manufacturer("integral", country="BY", name_ru=INTEGRAL,
                                           short_name_ru="ИНТЕГРАЛ")
    run(SAMPLE, "--format", "eaeu", "--apply", "--as", superuser.username)
    assert Product.objects.filter(manufacturer=integral).count() == 3
    assert Manufacturer.objects.filter(name_ru=INTEGRAL).count() == 1
    record = ImportRun.objects.get()
    assert record.new_manufacturers == 0
    assert any(r["outcome"] == "matched_by_name" for r in report_rows(record))
