"""Words, registry numbers and part numbers through the one search entry point."""

import pytest
from django.db import connection

from manufacturers.models import Manufacturer
from products.models import Product
from products.search import EXACT, FAMILY, search_entries, suggest_part_numbers
from products.textsearch import WordQuery
from tests.factories import make_manufacturer, make_product

pytestmark = pytest.mark.django_db


def found(text):
    results = search_entries(Product.objects.all(), text).order_by(
        "-match_rank", "-text_rank", "part_number")
    return [p.part_number for p in results]


@pytest.fixture
def register():
    milandr = make_manufacturer(slug="milandr", short_name_ru="Миландр",
                                short_name_en="Milandr", name_ru="АО «ПКК Миландр»")
    integral = make_manufacturer(slug="integral", country="BY", short_name_ru="Интеграл",
                                 short_name_en="INTEGRAL")
    return {
        "mcu": make_product("К1986ВЕ92QI", manufacturer=milandr, aliases=["MDR32F9Q2I"],
                            name_ru="Микроконтроллер 32-разрядный",
                            name_en="32-bit microcontroller",
                            description_ru="Ядро Cortex-M3, флеш-память 128 КБ"),
        "logic": make_product("IN74HC164AN", manufacturer=integral, aliases=["КР1564ИР8"],
                              name_ru="Сдвиговый регистр", name_en="Shift register"),
        "regulator": make_product("1180ЕН5А", manufacturer=integral,
                                  name_ru="Стабилизатор напряжения",
                                  name_en="Voltage regulator"),
    }


@pytest.mark.parametrize("query", ["К1986ВЕ92QI", "K1986BE92QI", "k1986ve92qi", "MDR32F9Q2I",
                                   "1986ВЕ92"])
def test_every_spelling_finds_the_mcu_first(register, query):
    assert found(query)[0] == "К1986ВЕ92QI"


def test_a_cyrillic_alias_finds_the_latin_designation(register):
    assert found("КР1564ИР8") == ["IN74HC164AN"]


@pytest.mark.parametrize("query", ["микроконтроллер", "МИКРОКОНТРОЛЛЕР", "microcontroller",
                                   "Shift Register", "регистр"])
def test_words_of_names_in_either_language_and_any_case(register, query):
    assert found(query)


def test_words_of_descriptions_and_manufacturer_names(register):
    assert found("cortex") == ["К1986ВЕ92QI"]
    assert set(found("Интеграл")) == {"IN74HC164AN", "1180ЕН5А"}
    assert set(found("integral")) == {"IN74HC164AN", "1180ЕН5А"}


def test_a_registry_number_finds_its_entry(register):
    number = register["regulator"].registry_number
    results = search_entries(Product.objects.all(), number.lower())
    assert [(p.part_number, p.match_rank) for p in results] == [("1180ЕН5А", EXACT)]


def test_part_number_matches_rank_above_word_matches(register):
    make_product("К1986ВЕ1QI", name_ru="Микроконтроллер, упоминающий 1986ВЕ92 в описании")
    ranks = {p.part_number: p.match_rank
             for p in search_entries(Product.objects.all(), "1986ВЕ92")}
    assert ranks["К1986ВЕ92QI"] == FAMILY
    assert found("1986ВЕ92")[0] == "К1986ВЕ92QI"


def test_nothing_for_nothing_and_no_crash_on_junk(register):
    assert len(found("")) == 3
    for junk in ["\x00", "'; DROP TABLE products_product; --", "%_%", "🙂" * 50, "\u202e",
                 "a" * 10_000, "!!!", "&|!():*"]:
        found(junk)


def test_no_match_suggests_close_part_numbers(register):
    assert found("K1986BE29QI") == []
    assert "К1986ВЕ92QI" in suggest_part_numbers("K1986BE29QI")
    assert suggest_part_numbers("zz") == []


@pytest.mark.postgres
def test_typos_in_words_are_forgiven_on_postgresql(register):
    assert found("микроконтролер") == ["К1986ВЕ92QI"]
    assert "IN74HC164AN" in found("shft register")


@pytest.mark.postgres
def test_the_search_vector_is_kept_by_the_database_on_every_write(register):
    mcu = register["mcu"]
    Product.objects.filter(pk=mcu.pk).update(name_en="Radiation-hardened controller")
    assert found("radiation") == ["К1986ВЕ92QI"]
    bulk = Product(part_number="X1", key_skeleton="X1", name_ru="Гироскоп", name_en="Gyroscope",
                   manufacturer=mcu.manufacturer, category=mcu.category,
                   registry_number="UR-2026-777777", registered_at=mcu.registered_at)
    Product.objects.bulk_create([bulk])
    assert found("гироскоп") == ["X1"]
    Manufacturer.objects.filter(pk=mcu.manufacturer_id).update(short_name_en="Zelenograd Chips")
    assert "К1986ВЕ92QI" in found("zelenograd")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM products_product WHERE search_vector IS NULL")
        assert cursor.fetchone()[0] == 0


@pytest.mark.postgres
def test_search_uses_the_indexes_on_postgresql(register):
    """With sequential scans priced out, every query of a search runs on indexes."""
    from django.test.utils import CaptureQueriesContext

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    with CaptureQueriesContext(connection) as captured:
        list(search_entries(Product.objects.all(), "микроконтроллер 74HC"))
    plans = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            if not query["sql"].lstrip("(").startswith("SELECT"):
                continue  # savepoints
            cursor.execute("EXPLAIN " + query["sql"])
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    assert not any("Seq Scan on products_product" in plan for plan in plans)
    assert any("product_search_vector_idx" in plan or "trgm" in plan for plan in plans)


@pytest.mark.postgres
def test_another_case_of_a_russian_word_is_found_by_its_stem(register):
    # The stemmer gives "память" the stem памя and "памяти" памят: matched as a prefix.
    memories = {make_product(f"1645РУ{n}У", name_ru="Микросхема памяти статическая",
                             name_en="Static RAM").pk for n in range(WordQuery.FEW)}
    query = WordQuery("статическая память")
    assert {row["pk"] for row in query.matching_ids(Product.objects.all())} == memories
    assert not query.fuzzy  # found by the words, not by the slower typo-forgiving path


@pytest.mark.postgres
def test_web_search_syntax_is_kept_as_written(register):
    assert set(found("регистр or стабилизатор")) == {"IN74HC164AN", "1180ЕН5А"}


@pytest.mark.postgres
def test_a_rare_word_leaves_the_planner_settings_as_they_were(register):
    # The check for a rare prefix keeps the planner on the index within the caller's
    # transaction; what follows in it plans as before.
    assert found("гироскопический") == []
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"
