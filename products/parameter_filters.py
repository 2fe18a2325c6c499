"""Filters on the parameters entries carry: `p.<key>.min`, `p.<key>.max` and `p.<key>`.

A filter names a parameter by its key, and several categories may declare the same key
(clock_mhz for microcontrollers and for DSPs), so a filter covers every template with that
key in scope:

* with a category, the templates of the category and its ancestors (the facets of the
  search page), and those of its subcategories that the query names;
* without a category, every category that declares the key.

A name that nothing in scope declares is refused with a message, never ignored. Each filter
is one semi-join on an index of parameter values — (template, value_si) for ranges,
(template, value) for values — whatever the number of rows. A list parameter (interfaces)
is matched by its canonical terms instead, and every chosen term must be in the list: an
engineer ticking CAN and USB wants both.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from . import units, vocabulary
from .models import ParameterTemplate, ProductParameter

PREFIX = "p."
LOW, HIGH = "min", "max"
NAME = re.compile(r"p\.([-a-zA-Z0-9_]{1,60})(?:\.(min|max))?")
# How the portal stores a yes/no parameter.
YES_NO = ("yes", "no")
# Values named in a message listing those in use.
LISTED_VALUES = 20


@dataclass(eq=False)  # one per request: compared, and hashed, by identity
class ParameterFilter:
    """The templates sharing one key and one kind of filter (a range, or a list of values)."""

    key: str
    is_range: bool
    templates: list

    @property
    def template(self):
        """The most general template: its name and unit label the filter."""
        return self.templates[0]

    @property
    def template_ids(self):
        return [t.pk for t in self.templates]

    @property
    def names(self):
        base = f"{PREFIX}{self.key}"
        return [f"{base}.{LOW}", f"{base}.{HIGH}"] if self.is_range else [base]

    def kinds(self):
        return {t.kind for t in self.templates}


def is_range(template):
    return template.kind == ParameterTemplate.Kind.NUMBER


def requested(data):
    """{name: (key, bound)} of the parameter filters in `data`; (None, None) for a name that
    starts like one but cannot be one. Empty values do not count, as for every filter."""
    found = {}
    for name in data or ():
        if not isinstance(name, str) or not name.startswith(PREFIX):
            continue
        match = NAME.fullmatch(name)
        found[name] = (match[1], match[2]) if match else (None, None)
    return found


def requested_keys(data):
    return sorted({key for key, _bound in requested(data).values() if key})


def templates_in_scope(category, keys):
    """The templates filters may use, general ones first: see the module's docstring."""
    if category is None:
        if not keys:
            return []
        scope = Q(key__in=keys)
    else:
        chain = [s for s in category.path.split("/") if s]
        scope = Q(category__slug__in=chain)
        if keys:
            scope |= Q(category__path__startswith=category.path, key__in=keys)
    return list(ParameterTemplate.objects.filter(scope).select_related("category")
                .order_by("category__path", "position", "pk"))


def grouped(templates):
    """One ParameterFilter per (key, range or values), in the order of the templates."""
    groups = {}
    for template in templates:
        kind = is_range(template)
        groups.setdefault((template.key, kind), ParameterFilter(template.key, kind, []))
        groups[(template.key, kind)].templates.append(template)
    return list(groups.values())


def _has_value(template_ids, **lookups):
    return Exists(ProductParameter.objects.filter(
        product=OuterRef("pk"), template__in=template_ids, **lookups))


def within(queryset, parameter, low=None, high=None):
    """Entries with a value of `parameter` between `low` and `high` (either may be None, both
    in the parameter's unit), both bounds on the same value, compared in SI."""
    bounds = {}
    unit = parameter.template.unit
    if low is not None:
        bounds["value_si__gte"] = units.to_si(low, unit)
    if high is not None:
        bounds["value_si__lte"] = units.to_si(high, unit)
    if not bounds:
        return queryset
    return queryset.filter(_has_value(parameter.template_ids, **bounds))


def listed_ids(parameter):
    return [t.pk for t in parameter.templates if t.kind == ParameterTemplate.Kind.MULTIPLE]


def chosen_terms(parameter, values):
    """The values as the canonical terms of the parameter's lists ("can" → CAN)."""
    return [vocabulary.term(parameter.key, value) for value in values]


def one_of(queryset, parameter, values):
    if not values:
        return queryset
    listed = listed_ids(parameter)
    single = [pk for pk in parameter.template_ids if pk not in listed]
    condition = _has_value(single, value__in=values) if single else None
    if listed:
        every = Q()
        for term in chosen_terms(parameter, values):
            every &= Q(value_terms__contains=f"|{term}|")
        in_list = Exists(ProductParameter.objects.filter(
            every, product=OuterRef("pk"), template__in=listed))
        condition = in_list if condition is None else condition | in_list
    return queryset.filter(condition)


def terms_in_use(template_ids):
    """The distinct terms the lists of these templates hold (one query over the distinct
    lists, far fewer than the entries)."""
    lists = ProductParameter.objects.filter(template__in=template_ids).order_by() \
        .values_list("value_terms", flat=True).distinct()
    return {term for joined in lists for term in vocabulary.split_terms(joined)}


# --- Checks a single field cannot make -----------------------------------------------------------

def unknown_name_error(name, key, scope, parameters):
    """Why `name` filters nothing: malformed, of the other kind, or declared nowhere in scope."""
    if key is None:
        return ValidationError(
            _("Name a parameter filter p.<key>, p.<key>.min or p.<key>.max."),
            code="unknown_parameter")
    other = next((p for p in parameters if p.key == key), None)
    if other is not None and other.is_range:
        return ValidationError(
            _("%(key)s is a number: give a range with %(low)s and %(high)s."),
            code="unknown_parameter",
            params={"key": key, "low": other.names[0], "high": other.names[1]})
    if other is not None:
        return ValidationError(
            _("%(key)s is not a number: choose its values with %(name)s."),
            code="unknown_parameter", params={"key": key, "name": other.names[0]})
    if scope is not None:
        return ValidationError(
            _("Neither the category %(category)s nor its subcategories declare a parameter "
              "%(key)s. Leave the category out to filter across all categories."),
            code="unknown_parameter", params={"category": scope.slug, "key": key})
    return ValidationError(_("No category declares a parameter %(key)s."),
                           code="unknown_parameter", params={"key": key})


def range_error(parameter, low, high):
    if low is not None and high is not None and low > high:
        return ValidationError(
            _("The upper bound %(high)s is below the lower bound %(low)s."),
            code="empty_range", params={"low": low, "high": high})
    return None


def value_errors(chosen):
    """{parameter: error} for values no template of the parameter accepts: a yes/no
    parameter takes yes or no; a choice, a value some entry has (one indexed query for all
    of them); text, anything. `chosen` maps ParameterFilters to their values."""
    to_check = {}
    for parameter, values in chosen.items():
        kinds = parameter.kinds()
        if ParameterTemplate.Kind.TEXT in kinds:
            continue
        open_values = [v for v in values
                       if not (ParameterTemplate.Kind.BOOLEAN in kinds and v in YES_NO)]
        if open_values:
            to_check[parameter] = open_values
    if not to_check:
        return {}
    choice_ids = {t.pk: parameter for parameter in to_check for t in parameter.templates
                  if t.kind == ParameterTemplate.Kind.CHOICE}
    in_use = set()
    if choice_ids:
        values = {v for values in to_check.values() for v in values}
        in_use = {(choice_ids[tid].key, value) for tid, value in
                  ProductParameter.objects.filter(template__in=list(choice_ids), value__in=values)
                  .order_by().values_list("template_id", "value").distinct()}
    for parameter, values in to_check.items():
        if listed_ids(parameter):
            terms = terms_in_use(listed_ids(parameter))
            in_use |= {(parameter.key, value) for value, term
                       in zip(values, chosen_terms(parameter, values), strict=True)
                       if term in terms}
    errors = {}
    for parameter, values in to_check.items():
        missing = [v for v in values if (parameter.key, v) not in in_use]
        if missing:
            errors[parameter] = ValidationError(
                _("No entry has %(key)s = %(values)s. Values in use: %(known)s."),
                code="invalid_choice", params={
                    "key": parameter.key, "values": ", ".join(missing),
                    "known": ", ".join(known_values(parameter)) or "—"})
    return errors


def known_values(parameter):
    """The first values a parameter takes, to tell the reader what to choose from."""
    kinds = parameter.kinds()
    listed = list(YES_NO) if ParameterTemplate.Kind.BOOLEAN in kinds else []
    choice_ids = [t.pk for t in parameter.templates if t.kind == ParameterTemplate.Kind.CHOICE]
    if choice_ids:
        listed += ProductParameter.objects.filter(template__in=choice_ids).order_by("value") \
            .values_list("value", flat=True).distinct()[:LISTED_VALUES]
    if listed_ids(parameter):
        listed += sorted(terms_in_use(listed_ids(parameter)), key=str.casefold)[:LISTED_VALUES]
    return listed
