"""A catalogue batch in the workflow: staged rows checked by the single form's rules, one
application per row on submission, and the registrar's decisions on the batch in one
transaction, numbers in row order."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from products.models import Product
from registry import workflow
from registry.batches.reading import read_catalogue
from registry.models import (
    Application,
    ApplicationState,
    BatchState,
    ChangeEvent,
    ChangeKind,
    RegistryCounter,
    RowOutcome,
)
from registry.workflow import NotAllowed, TransitionError, batches
from tests.applications import make_application, pdf
from tests.batches import ERRORS, corrected_bytes, demo_categories, fixture_bytes, upload
from tests.factories import make_product

pytestmark = pytest.mark.django_db
EN = {"accept-language": "en"}


@pytest.fixture(autouse=True)
def categories(db):
    demo_categories()


def staged(rep, maker, content):
    headers, rows = read_catalogue(upload(content))
    return batches.check_and_stage(rep, maker, headers, rows, file_name="catalogue.csv")


def test_the_fixture_shows_its_five_errors_by_row_and_column(rep_a, maker_a):
    batch = staged(rep_a, maker_a, fixture_bytes())
    errors = {row.line: row.errors for row in batch.rows.filter(outcome=RowOutcome.ERROR)}
    assert sorted(errors) == sorted(ERRORS)
    for line, (header, _value) in ERRORS.items():
        assert errors[line][0]["header"] == header, errors[line]
    assert "also on row 80" in errors[81][0]["message"]
    assert "10 digits" in errors[11][0]["message"]
    assert batch.rows.filter(outcome=RowOutcome.NEW).count() == 195
    assert not Application.objects.exists() and not Product.objects.exists()
    with pytest.raises(TransitionError, match="Rows 11, 41, 81, 121, 161 have errors"):
        batches.submit_batch(batch, rep_a)
    assert not Application.objects.exists()


def submitted(rep, maker):
    batch = staged(rep, maker, corrected_bytes())
    assert not batch.rows.exclude(outcome=RowOutcome.NEW).exists()
    return batches.submit_batch(batch, rep, "Catalogue 2026")


def test_registrar_approves_195_and_sends_5_back_in_row_order(
        rep_a, maker_a, registrar, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        batch = submitted(rep_a, maker_a)
    assert batch.state == BatchState.SUBMITTED
    assert Application.objects.filter(state=ApplicationState.SUBMITTED).count() == 200
    # One e-mail per batch, in the registrar's language (Russian).
    assert len(mailoutbox) == 1 and "(строк: 200)" in mailoutbox[0].subject
    mailoutbox.clear()

    back = {20: "Give the SO-14 package drawing.", 70: "Add the certificate.", 90: "Name?",
            150: "Check the family.", 200: "Which output voltage?"}
    with django_capture_on_commit_callbacks(execute=True):
        batches.request_changes_on_rows(batch, registrar, back)
        batches.approve_rows(batch, registrar)
    assert len(mailoutbox) == 2  # one per decision on the batch, not one per row
    rows = list(batch.rows.select_related("application__product").order_by("line"))
    approved = [r for r in rows if r.application.state == ApplicationState.APPROVED]
    assert len(approved) == 195
    assert {r.line for r in rows if r.application.state == "changes_requested"} == set(back)
    numbers = [r.application.product.registry_number for r in approved]
    sequences = [int(n.rsplit("-", 1)[1]) for n in numbers]
    assert sequences == list(range(sequences[0], sequences[0] + 195))  # row order, no gaps
    assert ChangeEvent.objects.filter(kind=ChangeKind.INCLUDED).count() == 195
    assert Product.objects.filter(status="registered", manufacturer=maker_a).count() == 195
    batch.refresh_from_db()
    assert batch.state == BatchState.SUBMITTED  # five rows are with the manufacturer


def test_a_registrar_of_the_other_state_cannot_decide(rep_a, maker_a, registrar_ru):
    batch = submitted(rep_a, maker_a)
    with pytest.raises(NotAllowed):
        batches.approve_rows(batch, registrar_ru)
    assert not Product.objects.exists()
    assert not Application.objects.exclude(state=ApplicationState.SUBMITTED).exists()


@pytest.mark.django_db(transaction=True)
def test_approval_is_all_or_nothing(rep_a, maker_a, registrar):
    batch = submitted(rep_a, maker_a)
    # Meanwhile the part on row 150 is registered another way: its approval must fail, and
    # with it the whole batch.
    twin = batch.rows.get(line=150)
    make_product(part_number=twin.proposal["part_number"], manufacturer=maker_a)
    counter_before = list(RegistryCounter.objects.values_list("last_number", flat=True))
    with pytest.raises(ValidationError):
        batches.approve_rows(batch, registrar)
    assert Product.objects.count() == 1
    assert list(RegistryCounter.objects.values_list("last_number", flat=True)) == counter_before
    assert not ChangeEvent.objects.filter(kind=ChangeKind.INCLUDED).exists()
    assert Application.objects.filter(state=ApplicationState.SUBMITTED).count() == 200


def test_amendments_unchanged_rows_and_parts_in_progress(rep_a, maker_a):
    from products.models import Category
    logic = Category.objects.get(slug="logic")
    entry = make_product(part_number="IN74HC00AN", manufacturer=maker_a, category=logic,
                         name_ru="Микросхема", package="DIP14")
    same = make_product(part_number="IN74HC02AN", manufacturer=maker_a, category=logic,
                        name_ru="Микросхема", package="DIP14")
    make_application(rep_a, maker_a, state="submitted", category=logic,
                     data={**_minimal("IN74HC04AN", logic)})
    content = ("part_number,name_ru,category,package\n"
               "IN74HC00AN,Микросхема,logic,SO-14\n"
               "IN74HC02AN,,,\n"
               "IN74HC04AN,Микросхема,logic,DIP14\n").encode()
    batch = staged(rep_a, maker_a, content)
    rows = {row.line: row for row in batch.rows.all()}
    assert rows[2].outcome == RowOutcome.AMEND and rows[2].changed == ["package"]
    assert rows[2].product == entry
    assert rows[3].outcome == RowOutcome.UNCHANGED and rows[3].product == same
    assert rows[4].outcome == RowOutcome.ERROR
    assert "already in progress" in rows[4].errors[0]["message"]
    batch = batches.submit_batch(batches.drop_errors(batch, rep_a), rep_a)
    application = batch.rows.get(line=2).application
    assert application.kind == "amend" and application.proposal["package"] == "SO-14"
    assert batch.rows.get(line=3).application is None


def _minimal(part_number, category):
    from registry import proposals
    data = proposals.empty(category)
    data.update(part_number=part_number, name_ru="Микросхема")
    return data


def test_another_manufacturer_cannot_touch_the_batch(rep_a, maker_a, rep_b):
    batch = staged(rep_a, maker_a, corrected_bytes())
    with pytest.raises(NotAllowed):
        batches.submit_batch(batch, rep_b)
    with pytest.raises(NotAllowed):
        batches.check_and_stage(rep_b, maker_a, {}, [])


# --- The desk ------------------------------------------------------------------------------------

def small_batch(rep, maker, count, start=0):
    content = "part_number,name_ru,category\n" + "".join(
        f"IN74HC{n}AN,Микросхема,logic\n" for n in range(start, start + count))
    return batches.submit_batch(staged(rep, maker, content.encode()), rep)


def test_the_desk_review_page_and_its_decisions(client, rep_a, maker_a, registrar,
                                                django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    few = small_batch(rep_a, maker_a, 3)
    many = small_batch(rep_a, maker_a, 60, start=100)
    client.force_login(registrar)
    with CaptureQueriesContext(connection) as captured:
        client.get(f"/admin/registry/batch/{few.pk}/change/")
    with django_assert_max_num_queries(len(captured.captured_queries)):
        page = client.get(f"/admin/registry/batch/{many.pk}/change/", headers=EN)
    assert page.content.decode().count('name="line"') == 60
    assert "Approve all awaiting rows" in page.content.decode()
    url = f"/admin/registry/batch/{many.pk}/change/"
    # A request for changes needs a comment per chosen row.
    response = client.post(url, {"action": "request_changes", "line": ["2", "3"],
                                 "comment-2": "Package?"}, follow=True, headers=EN)
    assert "on rows 3" in response.content.decode()
    assert not Application.objects.filter(state="changes_requested").exists()
    client.post(url, {"action": "request_changes", "line": ["2", "3"],
                      "comment-2": "Package?", "comment-3": "Name?"})
    client.post(url, {"action": "approve_selected", "line": ["4", "5"]})
    assert Product.objects.count() == 2
    client.post(url + "?show=awaiting", {"action": "approve_all"})
    assert Product.objects.count() == 58
    page = client.get(url + "?show=returned")
    assert page.content.decode().count("IN74HC10") == 2  # rows 2 and 3: IN74HC100AN, …101AN
    client.post(f"/admin/registry/batch/{few.pk}/change/", {"action": "reject", "reason": " "})
    assert Application.objects.filter(state="rejected").count() == 0
    client.post(f"/admin/registry/batch/{few.pk}/change/",
                {"action": "reject", "reason": "Not ours"})
    assert Application.objects.filter(state="rejected").count() == 3
    few.refresh_from_db()
    assert few.state == BatchState.CLOSED


def test_the_other_states_registrar_reads_but_cannot_decide(client, rep_a, maker_a,
                                                            registrar_ru):
    batch = small_batch(rep_a, maker_a, 2)
    client.force_login(registrar_ru)
    page = client.get(f"/admin/registry/batch/{batch.pk}/change/", headers=EN)
    assert "Approve all" not in page.content.decode()
    assert "are taken by the" in page.content.decode()
    client.post(f"/admin/registry/batch/{batch.pk}/change/", {"action": "approve_all"})
    assert not Product.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_batch_approval_beside_single_approvals_keeps_numbers_gapless(rep_a, maker_a,
                                                                        registrar):
    from django.utils import timezone

    from products.models import Category
    from tests.threads import run_in_threads

    batch = small_batch(rep_a, maker_a, 20)
    logic = Category.objects.get(slug="logic")
    singles = [make_application(rep_a, maker_a, state="under_review", registrar=registrar,
                                data=_minimal(f"IN74AC{n}N", logic)) for n in range(3)]
    from registry import workflow

    def work(index):
        if index == 0:
            batches.approve_rows(batch, registrar)
        else:
            workflow.approve(singles[index - 1], registrar)

    assert run_in_threads(4, work) == []
    year = timezone.localdate().year
    numbers = sorted(Product.objects.values_list("registry_number", flat=True))
    assert numbers == [f"UR-{year}-{n:06d}" for n in range(1, 24)]
    in_batch = [r.application.product.registry_number for r in
                batch.rows.select_related("application__product").order_by("line")]
    sequences = [int(n.rsplit("-", 1)[1]) for n in in_batch]
    assert sequences == list(range(sequences[0], sequences[0] + 20))  # one unbroken run


def test_a_rows_application_links_to_its_batch(client, rep_a, maker_a, registrar):
    batch = small_batch(rep_a, maker_a, 2)
    application = batch.rows.get(line=3).application
    client.force_login(rep_a)
    page = client.get(f"/portal/applications/{application.pk}/", headers=EN).content.decode()
    assert "Row 3 of a catalogue batch" in page and f"/portal/batches/{batch.pk}/" in page
    client.force_login(registrar)
    page = client.get(f"/admin/registry/application/{application.pk}/change/",
                      headers=EN).content.decode()
    assert f"/admin/registry/batch/{batch.pk}/change/" in page


def test_one_document_supports_every_row_and_is_stored_once(rep_a, maker_a, registrar):
    headers, rows = read_catalogue(upload(corrected_bytes()))
    batch = batches.check_and_stage(rep_a, maker_a, headers, rows[:3], file_name="c.csv")
    document = batches.add_batch_document(batch, rep_a, kind="origin_certificate", file=pdf(),
                                          title="Certificate of origin ST-1")
    batch = batches.submit_batch(batch, rep_a)
    applications = [row.application for row in batch.rows.order_by("line")]
    names = {d.file.name for a in applications for d in a.documents.all()}
    assert names == {document.file.name}  # one file, named by the three applications
    assert all(a.documents.get().title == "Certificate of origin ST-1" for a in applications)
    # Taking it off one application (after a request for changes) keeps the others' file.
    batches.request_changes_on_rows(batch, registrar, {2: "Package?"})
    first = Application.objects.get(pk=applications[0].pk)
    workflow.remove_document(first, rep_a, first.documents.get())
    assert default_storage.exists(document.file.name)
    batches.approve_rows(batch, registrar)
    entry = Application.objects.get(pk=applications[1].pk).product
    assert entry.documents.get().title == "Certificate of origin ST-1"


def test_a_submitted_batch_takes_no_more_documents(rep_a, maker_a):
    batch = submitted_small(rep_a, maker_a)
    with pytest.raises(TransitionError):
        batches.add_batch_document(batch, rep_a, kind="datasheet", file=pdf())


def submitted_small(rep, maker):
    headers, rows = read_catalogue(upload(corrected_bytes()))
    batch = batches.check_and_stage(rep, maker, headers, rows[:2], file_name="c.csv")
    return batches.submit_batch(batch, rep)
