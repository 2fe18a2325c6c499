"""An entry's page tells its history as what changed: each event with its fields, before and
after, named in the page's language."""

import pytest

from products.models import Product
from registry import workflow
from tests.factories import make_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(maker_a, registrar):
    product = Product(manufacturer=maker_a, category=make_category(), part_number="IN74HC00AN",
                      name_ru="Четыре элемента 2И-НЕ")
    return workflow.register_directly(product, registrar, reason="paper register")


def history(client, entry, language):
    page = client.get(entry.get_absolute_url(), headers={"accept-language": language})
    text = page.content.decode()
    return text[text.index('id="history-h"'):]


def test_a_suspension_reads_as_the_status_and_reason_that_changed(client, entry, registrar):
    workflow.suspend(entry, registrar, "Audit of the production site", reason_code="false_data",
                     legal_basis="Regulation, p. 12")
    english = history(client, entry, "en")
    assert "<dt>Status</dt>" in english
    assert "<del>registered</del>" in english and "<ins>suspended</ins>" in english
    russian = history(client, entry, "ru")
    assert "<dt>Статус</dt>" in russian
    assert "<del>зарегистрировано</del>" in russian or "<del>зарегистрирована</del>" in russian


def test_an_inclusion_lists_no_fields_and_a_correction_lists_its_own(client, entry, registrar):
    def rename():
        entry.name_ru = "Четыре логических элемента 2И-НЕ"
        entry.save()
    workflow.correct_entry(entry, registrar, reason="Name as in the datasheet", edit=rename)
    english = history(client, entry, "en")
    assert english.count("history-changes") == 1  # the correction's; the inclusion has none
    assert "<ins>Четыре логических элемента 2И-НЕ</ins>" in english
