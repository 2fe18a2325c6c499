"""Validation of proposed data by the register's own rules.

The data is turned into the unsaved model instances it stands for (entry, parameters,
aliases, analogs, production stages) and each runs its model's full_clean(): the admin, the
portal forms and the API therefore refuse exactly the same things. Errors are reported by
path: "part_number", "parameters.clock_mhz", "analogs.1.compatibility", "production.0.country".
"""

import copy
import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from products.models import (
    Category,
    ForeignAnalog,
    PartAlias,
    Product,
    ProductionStage,
    ProductParameter,
    ProductStatus,
)

from .limits import LIST_LIMITS, MAX_PARAMETERS
from .shape import ANALOG_FIELDS, DATE_FIELDS, ENTRY_FIELDS, SECTIONS, STAGE_FIELDS, canonical
from .text import IDENTIFIER_FIELDS, TextError, clean_text

# Fields of an entry the manufacturer does not propose: number, status, term, decision.
_NOT_PROPOSED = [f.name for f in Product._meta.fields
                 if f.name not in ENTRY_FIELDS and f.name != "manufacturer"]


@dataclass
class Built:
    """Unsaved instances for validated data, and the data normalised by their cleaning."""

    product: Product
    parameters: list
    aliases: list
    analogs: list
    stages: list
    data: dict


class _Errors:
    def __init__(self):
        self.by_path = {}

    def add(self, path, message):
        self.by_path.setdefault(path, []).append(str(message))

    def absorb(self, error, prefix=""):
        for name, messages in error.message_dict.items():
            path = prefix.rstrip(".") if name == NON_FIELD_ERRORS else f"{prefix}{name}"
            for message in messages:
                self.add(path, message)

    def absorb_flat(self, error, path):
        """All messages of one row under one path (parameters have a single input)."""
        for messages in error.message_dict.values():
            for message in messages:
                self.add(path, message)

    def raise_if_any(self):
        if self.by_path:
            raise ValidationError(self.by_path)


def validate(data, manufacturer, entry=None):
    """Normalised data, or ValidationError({path: [messages]}). `entry`: the amended entry."""
    return build(data, manufacturer, entry).data


def build(data, manufacturer, entry=None):
    errors = _Errors()
    if not isinstance(data, dict):
        raise ValidationError({NON_FIELD_ERRORS: [_("The proposed data must be an object.")]})
    for key in data.keys() - set(SECTIONS):
        errors.add(key, _("Unknown field."))
    if _too_long(data, errors):
        errors.raise_if_any()  # nothing of a list this long is worth checking row by row
    product = _build_product(data, manufacturer, entry, errors)
    parameters = _build_parameters(data.get("parameters"), product, errors)
    aliases = _build_aliases(data.get("aliases"), product.part_number, errors)
    analogs = _build_rows(data.get("analogs"), "analogs", ForeignAnalog, ANALOG_FIELDS, errors)
    stages = _build_rows(data.get("production"), "production", ProductionStage, STAGE_FIELDS,
                         errors)
    _check_duplicates(analogs, "analogs", "part_number", errors)
    _check_duplicates(stages, "production", "stage", errors)
    _check_not_registered_twice(product, manufacturer, entry, errors)
    errors.raise_if_any()
    return Built(product, parameters, aliases, analogs, stages,
                 _normalised(product, parameters, aliases, analogs, stages))


def _build_product(data, manufacturer, entry, errors):
    product = copy.copy(entry) if entry is not None else Product(manufacturer=manufacturer)
    exclude = list(_NOT_PROPOSED) if entry is None else []
    for name in ENTRY_FIELDS:
        value = data.get(name)
        if name == "category":
            product.category = _category(value, errors)
        elif name in DATE_FIELDS:
            setattr(product, name, _date(value, name, errors))
        else:
            try:
                setattr(product, name, _text(value, name))
            except TextError as error:
                errors.add(name, str(error))
                exclude.append(name)
    if product.category_id is None:
        exclude.append("category")  # already reported in plain words
    try:
        product.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as error:
        errors.absorb(error)
    return product


def _too_long(data, errors):
    """Report every list (and the parameters) longer than its limit; True if any is."""
    limits = {**LIST_LIMITS, "parameters": MAX_PARAMETERS}
    found = False
    for section, limit in limits.items():
        values = data.get(section)
        if isinstance(values, (list, dict)) and len(values) > limit:
            errors.add(section, _("At most %(limit)d rows are allowed here; %(count)d were "
                                  "sent.") % {"limit": limit, "count": len(values)})
            found = True
    return found


def _text(value, name):
    """A text field's value as stored ("" for null), or TextError."""
    return "" if value is None else clean_text(value, identifier=name in IDENTIFIER_FIELDS)


def _category(slug, errors):
    try:
        slug = _text(slug, "category")
    except TextError:
        errors.add("category", _("There is no such category."))
        return None
    if not slug:
        errors.add("category", _("Choose a category."))
        return None
    category = Category.objects.filter(slug=slug).first() if isinstance(slug, str) else None
    if category is None:
        errors.add("category", _("There is no such category."))
    return category


def _date(value, name, errors):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        errors.add(name, _("Enter a date as YYYY-MM-DD."))
        return None


def _build_parameters(values, product, errors):
    if values in (None, ""):
        return []
    if not isinstance(values, dict):
        errors.add("parameters", _("Parameters must be an object of key and value."))
        return []
    templates = ({t.key: t for t in product.category.parameter_templates()}
                 if getattr(product, "category_id", None) else {})
    built = []
    for key, raw in values.items():
        path = f"parameters.{key}"
        if key not in templates:
            errors.add(path, _("This is not a parameter of the chosen category."))
            continue
        if raw is None:
            continue
        if not isinstance(raw, str):
            errors.add(path, _("Enter the value as text, e.g. \"3.3\"."))
            continue
        try:
            value = clean_text(raw).strip()
        except TextError as error:
            errors.add(path, str(error))
            continue
        if not value:
            continue
        parameter = ProductParameter(template=templates[key], value=value)
        try:
            parameter.full_clean(exclude=["product"], validate_unique=False)
        except ValidationError as error:
            errors.absorb_flat(error, path)
        built.append(parameter)
    return built


def _build_aliases(values, part_number, errors):
    if values in (None, ""):
        return []
    if not isinstance(values, list):
        errors.add("aliases", _("Other spellings must be a list."))
        return []
    built, seen = [], set()
    for index, raw in enumerate(values):
        path = f"aliases.{index}"
        try:
            value = clean_text(raw, identifier=True).strip()
        except TextError as error:
            errors.add(path, str(error))
            continue
        if not value:
            continue
        if value == part_number:
            errors.add(path, _("This is the part number itself, not another spelling."))
        elif value in seen:
            errors.add(path, _("This spelling is listed twice."))
        seen.add(value)
        alias = PartAlias(part_number=value)
        try:
            alias.full_clean(exclude=["product"], validate_unique=False)
        except ValidationError as error:
            errors.absorb_flat(error, path)
        built.append(alias)
    return built


def _build_rows(values, section, model, fields, errors):
    if values in (None, ""):
        return []
    if not isinstance(values, list):
        errors.add(section, _("This must be a list."))
        return []
    built = []
    for index, raw in enumerate(values):
        prefix = f"{section}.{index}."
        if not isinstance(raw, dict):
            errors.add(prefix.rstrip("."), _("Each row must be an object."))
            continue
        for key in raw.keys() - set(fields):
            errors.add(f"{prefix}{key}", _("Unknown field."))
        given, exclude = {}, ["product"]
        for name in fields:
            if name in raw:
                try:
                    given[name] = _row_value(name, raw[name])
                except TextError as error:
                    errors.add(f"{prefix}{name}", str(error))
                    exclude.append(name)
        row = model(**given)
        if "country" in fields:
            try:
                row.country = country_code(row.country if isinstance(row.country, str) else "")
            except ValidationError as error:
                errors.add(f"{prefix}country", error.messages[0])
                exclude.append("country")
        try:
            # The table's checks repeat the choices and the country's format checked here,
            # and each would cost a query per row (hundreds for a proposal at its limits).
            row.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors.absorb(error, prefix)
        built.append(row)
    return built


def country_code(value):
    """A stage's country as ISO 3166 alpha-2, upper-cased ("ru" → "RU")."""
    code = (value or "").strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise ValidationError(_("Enter the country as a two-letter code, e.g. BY, RU or TW."),
                              code="country")
    return code


def _row_value(name, value):
    if name == "process_nm":
        if value in (None, ""):
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise TextError(_("Enter a whole number."))
        return value
    return _text(value, name)


def _check_duplicates(rows, section, field, errors):
    seen = set()
    for index, row in enumerate(rows):
        value = getattr(row, field)
        if value in seen:
            errors.add(f"{section}.{index}.{field}", _("This row is listed twice."))
        seen.add(value)


def _check_not_registered_twice(product, manufacturer, entry, errors):
    """One manufacturer's part number is one entry: a second one is an amendment's job."""
    if not product.part_number:
        return
    twins = Product.objects.filter(
        manufacturer=manufacturer, part_number=product.part_number,
        status__in=[ProductStatus.REGISTERED, ProductStatus.SUSPENDED],
    )
    if entry is not None:
        twins = twins.exclude(pk=entry.pk)
    twin = twins.first()
    if twin is not None:
        errors.add("part_number", _(
            "This part number is already registered as %(number)s; apply to amend that entry."
        ) % {"number": twin.registry_number})


def _normalised(product, parameters, aliases, analogs, stages):
    data = {name: getattr(product, name) for name in ENTRY_FIELDS if name != "category"}
    for name in DATE_FIELDS:
        data[name] = data[name].isoformat() if data[name] else None
    data["category"] = product.category.slug
    data["parameters"] = {p.template.key: p.value for p in parameters}
    data["aliases"] = [alias.part_number for alias in aliases]
    data["analogs"] = [{name: getattr(a, name) for name in ANALOG_FIELDS} for a in analogs]
    data["production"] = [{name: getattr(s, name) for name in STAGE_FIELDS} for s in stages]
    return canonical(data)
