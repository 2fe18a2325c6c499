"""manage.py import_register: a national register's open-data export imported through the
workflow, re-imported as a sync, and refused whole when the file is unusable.

The fixtures in tests/data/registers/ carry real makers and parts (INN/OGRN only where the
shared reference data gives them); record numbers, dates and conclusion numbers are the
fixtures' own, as a register would print them."""

import csv
import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from manufacturers.models import Manufacturer
from products.models import Product, ProductStatus
from registry.models import Action, ChangeEvent, ChangeKind, Decision, ImportRun
from tests import factories

DATA = Path(__file__).resolve().parent.parent / "data" / "registers"
GISP = DATA / "gisp-sample.csv"
GISP_NEWER = DATA / "gisp-newer.csv"
EAEU = DATA / "eaeu-sample.csv"

# The commands speak the register's default language; these tests read English.
pytestmark = pytest.mark.usefixtures("commands_in_english")


def run(path, *args, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_register", str(path), *args, stdout=out, stderr=err, **options)
    return out.getvalue()


def report_rows(run_record):
    return list(csv.DictReader(io.StringIO(run_record.report_csv.decode())))


def snapshot():
    return (Product.objects.count(), Manufacturer.objects.count(), Decision.objects.count(),
            ChangeEvent.objects.count())


def test_a_dry_run_reports_and_changes_nothing(categories, mikron, registrar_ru):
    before = snapshot()
    out = run(GISP, "--format", "gisp", "--as", registrar_ru.username)
    assert snapshot() == before
    assert "6" in out and "--apply" in out
    record = ImportRun.objects.get()
    assert (record.mode, record.rows, record.added, record.errors) == ("dry_run", 6, 6, 0)
    # NIIET, Milandr and ELVEES are not in the register: flagged; Mikron is found by its INN.
    assert record.new_manufacturers == 3
    flagged = [r for r in report_rows(record) if r["outcome"] == "new_manufacturer"]
    assert {r["record_number"] for r in flagged} == {"10110002", "10110005", "10110006"}


def test_gisp_import_registers_entries_through_the_workflow(categories, mikron, registrar_ru):
    run(GISP, "--format", "gisp", "--apply", "--as", registrar_ru.username)

    entries = Product.objects.filter(source_register="gisp")
    assert entries.count() == 6
    mcu = entries.get(source_record_number="10110001")
    assert (mcu.part_number, mcu.manufacturer, mcu.status) == (
        "К1948ВК018", mikron, ProductStatus.REGISTERED)
    assert mcu.source_record_date.isoformat() == "2024-03-15"
    assert mcu.source_valid_until.isoformat() == mcu.valid_until.isoformat() == "2029-03-15"
    assert mcu.okpd2_code == "26.11.30" and mcu.registry_number.startswith("UR-")
    assert entries.get(source_record_number="10110006").part_number == "1892ВМ14Я"

    decision = Decision.objects.get(action=Action.ENTRY_REGISTERED, product=mcu)
    assert "10110001" in decision.comment and "ГИСП" in decision.comment
    assert decision.actor == registrar_ru
    assert ChangeEvent.objects.filter(kind=ChangeKind.INCLUDED, product=mcu).exists()
    assert mcu.history.first().history_change_reason.startswith(decision.comment[:40])

    niiet = Manufacturer.objects.get(inn="3661057900")
    assert niiet.status == Manufacturer.Status.ADMITTED and niiet.ogrn == "1123668048789"
    assert niiet.memberships.count() == 0
    assert Decision.objects.filter(action=Action.ADMITTED, manufacturer=niiet).exists()
    assert entries.filter(manufacturer=niiet).count() == 3
    assert Manufacturer.objects.filter(short_name_ru="ПКК Миландр").exists()
    record = ImportRun.objects.get()
    assert (record.mode, record.added, record.new_manufacturers) == ("applied", 6, 3)
    added = [r for r in report_rows(record) if r["outcome"] == "added"]
    assert {r["registry_number"] for r in added} == set(
        entries.values_list("registry_number", flat=True))


def test_rerunning_the_same_file_changes_nothing(categories, mikron, registrar_ru):
    run(GISP, "--format", "gisp", "--apply", "--as", registrar_ru.username)
    before = snapshot()
    run(GISP, "--format", "gisp", "--apply", "--as", registrar_ru.username)
    assert snapshot() == before
    second = ImportRun.objects.first()
    assert (second.unchanged, second.added, second.changed, second.gone) == (6, 0, 0, 0)


def test_a_newer_file_is_a_sync(categories, mikron, registrar_ru):
    run(GISP, "--format", "gisp", "--apply", "--as", registrar_ru.username)
    before = snapshot()

    run(GISP_NEWER, "--format", "gisp", "--as", registrar_ru.username)
    assert snapshot() == before
    dry = ImportRun.objects.first()
    assert (dry.added, dry.changed, dry.unchanged, dry.gone) == (1, 1, 4, 1)
    rows = {r["record_number"]: r for r in report_rows(dry)}
    assert rows["10110002"]["outcome"] == "changed"
    assert "2031-04-02" in rows["10110002"]["message"]
    assert rows["10110004"]["outcome"] == "gone" and rows["10110004"]["registry_number"]
    assert rows["10110007"]["outcome"] == "added"

    run(GISP_NEWER, "--format", "gisp", "--apply", "--as", registrar_ru.username)
    changed = Product.objects.get(source_register="gisp", source_record_number="10110002")
    assert changed.name_ru == "Микроконтроллер 32-разрядный К1921ВК01Т"
    assert changed.valid_until.isoformat() == "2031-04-02"
    correction = Decision.objects.get(action=Action.ENTRY_CORRECTED, product=changed)
    assert "10110002" in correction.comment
    assert ChangeEvent.objects.filter(kind=ChangeKind.CORRECTED, product=changed).exists()
    gone = Product.objects.get(source_register="gisp", source_record_number="10110004")
    assert gone.status == ProductStatus.REGISTERED  # left for the registrar to decide
    assert Product.objects.filter(source_register="gisp", part_number="К1921ВГ015").exists()
    assert ImportRun.objects.first().gone == 1


def test_eaeu_format_with_belarusian_and_russian_makers(categories, mikron, superuser):
    run(EAEU, "--format", "eaeu", "--apply", "--as", superuser.username)
    entries = Product.objects.filter(source_register="eaeu")
    assert entries.count() == 4
    integral = entries.get(part_number="IN74HC164AN").manufacturer
    assert (integral.country, integral.short_name_ru) == ("BY", "ИНТЕГРАЛ")
    assert entries.get(part_number="К1948ВК018").manufacturer == mikron


def test_a_mapped_format_reads_a_file_of_other_columns(categories, mikron, registrar_ru,
                                                       tmp_path):
    mapping = tmp_path / "plain.toml"
    mapping.write_text('''
name = "plain"
register = "Plain list"
country = "RU"
[[columns]]
header = "No"
field = "record_number"
required = true
[[columns]]
header = "Part"
field = "part_number"
required = true
[[columns]]
header = "Name"
field = "name_ru"
required = true
[[columns]]
header = "Maker"
field = "manufacturer_name"
required = true
[[columns]]
header = "Tax number"
field = "manufacturer_inn"
type = "identifier"
[[columns]]
header = "Until"
field = "valid_until"
type = "date"
date_formats = ["%Y-%m-%d"]
[constants]
manufacturer_country = "RU"
[categories]
default = "integrated-circuits"
''', encoding="utf-8")
    data = tmp_path / "plain.csv"
    data.write_text("No,Part,Name,Maker,Tax number,Until\n"
                    "P-1,К1948ВК018,Микроконтроллер,АО «Микрон»,7735 007358,2030-01-31\n",
                    encoding="utf-8")
    run(data, "--format", "mapped", "--mapping", str(mapping), "--apply",
        "--as", registrar_ru.username)
    entry = Product.objects.get(source_register="plain", source_record_number="P-1")
    assert entry.manufacturer == mikron and entry.valid_until.isoformat() == "2030-01-31"


def test_a_mapping_with_a_wrong_position_is_refused_with_the_column_named(tmp_path):
    mapping = tmp_path / "wrong.toml"
    mapping.write_text('[[columns]]\nheader = "Name"\nfield = "name_ru"\nposition = "middle"\n',
                       encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        run(GISP, "--format", "mapped", "--mapping", str(mapping))
    assert "column “Name”: position is “first” or “last”, not “middle”" in str(refused.value)


def test_cp1251_is_read_like_utf8(categories, mikron, registrar_ru, tmp_path):
    data = tmp_path / "gisp-1251.csv"
    data.write_bytes(GISP.read_text(encoding="utf-8").encode("cp1251"))
    run(data, "--format", "gisp", "--apply", "--as", registrar_ru.username)
    assert Product.objects.filter(part_number="1892ВМ14Я").exists()


def test_an_xlsx_export_is_read(categories, mikron, registrar_ru, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for line in GISP.read_text(encoding="utf-8").splitlines():
        sheet.append(line.split(";"))
    path = tmp_path / "gisp.xlsx"
    workbook.save(path)
    run(path, "--format", "gisp", "--apply", "--as", registrar_ru.username)
    assert Product.objects.filter(source_register="gisp").count() == 6


# The header of GISP's download of valid records, on its third row under a title and group
# labels; the enterprise's column is "Предприятие" or, in some exports, a bare "Наименование",
# as the product's is.
GISP_DOWNLOAD_HEADER = [
    "Предприятие", "ИНН", "ОГРН", "Фактический адрес производителя",
    "Адрес местонахождения производственных помещений",
    "Первичный регистрационный номер реестровой записи", "Реестровый номер",
    "Дата внесения в реестр", "Срок действия",
    "Фактическая дата прекращения действия реестровой записи", "Наименование", "ОКПД2",
    "ТН ВЭД", "Изготовлена по", "Баллы", "Процентный показатель"]


@pytest.mark.parametrize("enterprise", ["Предприятие", "Наименование"])
def test_gisps_own_download_with_its_header_on_the_third_row(categories, mikron, registrar_ru,
                                                             tmp_path, enterprise):
    import datetime

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Реестр российской промышленной продукции"])
    sheet.append(["Сведения о предприятии", None, None, None, None,
                  "Сведения о реестровой записи", None, None, None, None,
                  "Сведения о продукции"])
    sheet.merge_cells("A2:E2")
    sheet.append([enterprise, *GISP_DOWNLOAD_HEADER[1:]])
    sample = list(csv.DictReader(io.StringIO(GISP.read_text(encoding="utf-8")), delimiter=";"))
    for row in sample:
        day, month, year = map(int, row["Дата внесения в реестр"].split("."))
        sheet.append([
            row["Наименование организации"], row["ИНН"], row["ОГРН"], row["Адрес"],
            "Производственная площадка", "", row["Реестровый номер"],
            datetime.datetime(year, month, day), row["Срок действия"], None,
            row["Наименование продукции"], row["ОКПД2"], row["ТН ВЭД ЕАЭС"], "ТУ", 120, None])
    path = tmp_path / "production_res_valid_only.xlsx"
    workbook.save(path)

    run(path, "--format", "gisp", "--apply", "--as", registrar_ru.username)

    entries = Product.objects.filter(source_register="gisp")
    assert entries.count() == len(sample) == 6
    mcu = entries.get(source_record_number="10110001")
    assert (mcu.part_number, mcu.name_ru, mcu.manufacturer) == (
        "К1948ВК018", "Микроконтроллер К1948ВК018", mikron)
    assert mcu.source_record_date.isoformat() == "2024-03-15"
    assert mcu.source_valid_until.isoformat() == "2029-03-15"
    niiet = Manufacturer.objects.get(inn="3661057900")
    assert entries.filter(manufacturer=niiet).count() == 3
    # The maker's address, not the production site's.
    assert not Manufacturer.objects.filter(address="Производственная площадка").exists()


def test_a_header_below_title_rows_is_named_by_its_row_when_a_column_is_missing(
        categories, registrar_ru, tmp_path):
    path = tmp_path / "titled.csv"
    path.write_text("Реестр российской промышленной продукции\n\n"
                    "Предприятие;ИНН;Наименование продукции\nАО «Микрон»;7735007358;X\n",
                    encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        run(path, "--format", "gisp", "--as", registrar_ru.username)
    assert "Row 3" in str(refused.value) and "“Реестровый номер”" in str(refused.value)


def _bad_files(tmp_path):
    text = GISP.read_text(encoding="utf-8")
    lines = text.splitlines()
    pdf = tmp_path / "register.csv"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes(text.encode("utf-16"))
    missing = tmp_path / "missing.csv"
    missing.write_text("\n".join(line.split(";", 1)[1] for line in lines), encoding="utf-8")
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes(("\n".join(lines[:3]) + "\n").encode("utf-8")
                      + ("\n".join(lines[3:]) + "\n").encode("cp1251"))
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 2**20))
    return {
        "not a csv": (pdf, "not a CSV, XLSX or JSON"),
        "utf-16": (utf16, "UTF-16"),
        "missing column": (missing, "Реестровый номер"),
        "encoding changes mid-file": (mixed, "(?i)row 4"),
        "xlsx bomb": (bomb, "zip bomb"),
    }


@pytest.mark.parametrize("case", ["not a csv", "utf-16", "missing column",
                                  "encoding changes mid-file", "xlsx bomb"])
def test_an_unusable_file_is_refused_whole(categories, mikron, registrar_ru, tmp_path, case):
    path, message = _bad_files(tmp_path)[case]
    before = snapshot()
    with pytest.raises(CommandError, match=message):
        run(path, "--format", "gisp", "--apply", "--as", registrar_ru.username)
    assert snapshot() == before
    assert not ImportRun.objects.exists()


def test_missing_column_names_the_column_and_the_header_row(categories, tmp_path,
                                                            registrar_ru):
    path, _ = _bad_files(tmp_path)["missing column"]
    with pytest.raises(CommandError) as refused:
        run(path, "--format", "gisp", "--as", registrar_ru.username)
    assert "Row 1" in str(refused.value) and "“Реестровый номер”" in str(refused.value)


def test_rows_with_errors_are_reported_and_not_applied(categories, mikron, registrar_ru,
                                                       tmp_path):
    lines = GISP.read_text(encoding="utf-8").splitlines()
    bad_inn = lines[2].replace("3661057900", "3661057901")
    duplicate = lines[1].replace("К1948ВК018", "К1948ВК018А")  # record 10110001 again
    lapsed = lines[4].replace("20.05.2029", "20.05.2020")
    path = tmp_path / "bad-rows.csv"
    path.write_text("\n".join([lines[0], lines[1], bad_inn, duplicate, lapsed]) + "\n",
                    encoding="utf-8")
    run(path, "--format", "gisp", "--apply", "--as", registrar_ru.username)

    assert list(Product.objects.values_list("source_record_number", flat=True)) == ["10110001"]
    assert not Manufacturer.objects.filter(inn="3661057901").exists()
    record = ImportRun.objects.get()
    assert (record.added, record.errors) == (1, 3)
    errors = {(r["row"], r["column"]): r["message"] for r in report_rows(record)
              if r["outcome"] == "error"}
    assert "3661057901" in errors[("3", "ИНН")]  # its check digit is wrong
    assert "2" in errors[("4", "Реестровый номер")]  # also on row 2
    assert "2020-05-20" in errors[("5", "Срок действия")]


def test_only_a_registrar_of_the_makers_state_applies(categories, mikron, registrar):
    """A Belarusian registrar cannot register Russian makers' records: every row says so."""
    before = snapshot()
    run(GISP, "--format", "gisp", "--apply", "--as", registrar.username)
    assert snapshot() == before
    assert ImportRun.objects.get().errors == 6


def test_apply_needs_a_registrar(categories, rep_a):
    with pytest.raises(CommandError, match="--as"):
        run(GISP, "--format", "gisp", "--apply")
    with pytest.raises(CommandError, match="registrar"):
        run(GISP, "--format", "gisp", "--apply", "--as", rep_a.username)


def test_the_desk_lists_runs_and_serves_the_report(categories, mikron, registrar_ru, client):
    run(GISP, "--format", "gisp", "--as", registrar_ru.username)
    record = ImportRun.objects.get()
    client.force_login(registrar_ru)
    page = client.get(reverse("admin:registry_importrun_changelist"))
    assert page.status_code == 200 and "gisp-sample.csv" in page.content.decode()
    report = client.get(reverse("admin:registry_importrun_report", args=[record.pk]))
    assert report.status_code == 200 and report["Content-Type"].startswith("text/csv")
    assert "10110001" in report.content.decode()
    assert client.post(reverse("admin:registry_importrun_delete", args=[record.pk]),
                       {"post": "yes"}).status_code == 403


def test_makers_without_numbers_are_found_by_name_and_said_so(categories, mikron, registrar_ru):
    """Milandr's and ELVEES's numbers are not in the shared reference data: the register knows
    them under their full legal names, the file under abbreviated ones."""
    milandr = factories.make_manufacturer(
        "milandr", name_ru="Акционерное общество «ПКК Миландр»", short_name_ru="МИЛАНДР")
    elvees = factories.make_manufacturer(
        "elvees", name_ru="Акционерное общество Научно-производственный центр «ЭЛВИС»",
        short_name_ru="ЭЛВИС")
    run(GISP, "--format", "gisp", "--apply", "--as", registrar_ru.username)
    assert Product.objects.get(part_number="К1986ВЕ92QI").manufacturer == milandr
    assert Product.objects.get(part_number="1892ВМ14Я").manufacturer == elvees
    record = ImportRun.objects.get()
    assert record.new_manufacturers == 1  # NIIET only
    noted = [r["message"] for r in report_rows(record) if r["outcome"] == "matched_by_name"]
    assert len(noted) == 2 and any("АО «ПКК Миландр»" in m for m in noted)


def test_a_product_the_register_has_already_is_left_as_it_is(categories, mikron, registrar_ru):
    """К1948ВК018 was registered through an application: the GISP record does not register
    it twice, and says which entry it is."""
    entry = factories.make_product("К1948ВК018", manufacturer=mikron)
    run(GISP, "--format", "gisp", "--apply", "--as", registrar_ru.username)
    record = ImportRun.objects.get()
    assert (record.already_registered, record.added, record.errors) == (1, 5, 0)
    assert Product.objects.filter(part_number="К1948ВК018").count() == 1
    entry.refresh_from_db()
    assert entry.source_register == ""
    line = next(r for r in report_rows(record) if r["outcome"] == "already_registered")
    assert (line["record_number"], line["registry_number"]) == ("10110001",
                                                                entry.registry_number)


def test_a_sync_is_a_proposal_a_registrar_reviews_and_applies_in_the_desk(
        categories, mikron, registrar_ru, client):
    run(GISP, "--format", "gisp", "--apply", "--as", registrar_ru.username)
    run(GISP_NEWER, "--format", "gisp")  # report only: nobody decided anything yet
    proposal = ImportRun.objects.first()
    assert proposal.is_proposal and proposal.file_gz
    before = snapshot()
    client.force_login(registrar_ru)
    change_url = reverse("admin:registry_importrun_change", args=[proposal.pk])
    apply_url = reverse("admin:registry_importrun_apply", args=[proposal.pk])
    assert apply_url in client.get(change_url).content.decode()
    page = client.get(apply_url).content.decode()
    assert "Apply these changes" in page and "gisp-newer.csv" in page
    assert snapshot() == before  # reviewing changes nothing

    response = client.post(apply_url)
    applied = ImportRun.objects.get(proposal=proposal)
    assert response.status_code == 302
    assert response.url == reverse("admin:registry_importrun_change", args=[applied.pk])
    assert (applied.mode, applied.added, applied.changed, applied.gone, applied.actor) == (
        "applied", 1, 1, 1, registrar_ru)
    changed = Product.objects.get(source_register="gisp", source_record_number="10110002")
    assert changed.valid_until.isoformat() == "2031-04-02"
    correction = Decision.objects.get(action=Action.ENTRY_CORRECTED, product=changed)
    assert correction.actor == registrar_ru and "10110002" in correction.comment
    assert Product.objects.filter(source_register="gisp", part_number="К1921ВГ015").exists()
    # A proposal is applied once; the second click says so and changes nothing.
    after = snapshot()
    again = client.post(apply_url, follow=True).content.decode()
    assert "applied already" in again
    assert snapshot() == after and ImportRun.objects.filter(proposal=proposal).count() == 1


def test_only_a_registrar_applies_a_proposal(categories, mikron, registrar_ru, rep_a, client):
    run(GISP, "--format", "gisp")
    proposal = ImportRun.objects.get()
    before = snapshot()
    client.force_login(rep_a)
    client.post(reverse("admin:registry_importrun_apply", args=[proposal.pk]))
    assert snapshot() == before and not ImportRun.objects.filter(proposal=proposal).exists()
