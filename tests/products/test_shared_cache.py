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
