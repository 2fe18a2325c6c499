"""Catalogue values kept in the process (caching.shared): one object for every reader until
the catalogue changes, then read again."""

import pytest
from django.core.cache import cache

from products import caching
from products.models import Category
from products.substitution import profiles

pytestmark = pytest.mark.django_db


def test_the_category_tree_is_read_once_and_again_after_a_change(
        django_assert_num_queries):
    Category.objects.create(slug="amplifiers", name_ru="Усилители", name_en="Amplifiers")
    first = profiles.categories_by_id()
    with django_assert_num_queries(0):
        assert profiles.categories_by_id() is first
    renamed = Category.objects.get(slug="amplifiers")
    renamed.name_en = "Operational amplifiers"
    renamed.save()  # a catalogue write: a new generation
    again = profiles.categories_by_id()
    assert again is not first
    assert again[renamed.pk].name_en == "Operational amplifiers"


def test_an_emptied_cache_starts_a_generation_never_used_before():
    numbers = set()
    for _ in range(2):
        cache.delete(caching.GENERATION_KEY)
        numbers.add(caching.generation())
    assert len(numbers) == 2


def test_a_search_pages_manufacturers_are_read_once_until_one_changes(
        django_assert_num_queries):
    from products.facets import Cube, Selection, makers_of
    from tests.factories import make_manufacturer

    first, second = make_manufacturer(slug="maker-one"), make_manufacturer(slug="maker-two")
    cube = Cube([(1, first.pk, "registered", 3), (1, second.pk, "registered", 1)],
                partial=False)
    assert set(makers_of(cube, Selection())) == {first.pk, second.pk}
    with django_assert_num_queries(0):
        assert makers_of(cube, Selection())[first.pk].slug == "maker-one"
    first.short_name_en = "Renamed"
    first.save()
    assert makers_of(cube, Selection())[first.pk].short_name_en == "Renamed"
