"""How long a registration is valid (REGISTRY_TERM_YEARS, default five years)."""

from django.conf import settings


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def term_end(registered_on):
    return add_years(registered_on, settings.REGISTRY_TERM_YEARS)
