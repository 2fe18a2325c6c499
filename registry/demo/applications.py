"""Demo applications of INTEGRAL and Milandr, one in every state (see applications.json).

They are real products of products.json (an inclusion's product is kept out of the directly
loaded register and enters it only by the approval) and real facts for the amendments. They go
through the workflow itself, as the demo representatives and the demo registrar, without
e-mail. An application already there (matched by maker, kind and part number) is left alone.
"""

import json
from pathlib import Path

from manufacturers.models import Manufacturer
from products.models import Product
from registry import proposals, workflow
from registry.models import Application, ApplicationKind, User
from registry.notifications import muted
from registry.workflow.steps import APPLICATION, REGISTRAR

DATA_DIR = Path(__file__).resolve().parent


def rows():
    return json.loads((DATA_DIR / "applications.json").read_text(encoding="utf-8"))


def reserved_part_numbers():
    """Parts that enter the demo register only through an inclusion application."""
    return {row["part_number"] for row in rows() if row["kind"] == ApplicationKind.INCLUDE}


def load(summary, product_rows):
    # Each state's registrar decides on its own manufacturers' applications.
    registrars = {"BY": User.objects.get(username="registrar"),
                  "RU": User.objects.get(username="registrar_ru")}
    by_part = {row["part_number"]: row for row in product_rows}
    with muted():
        for row in rows():
            manufacturer = Manufacturer.objects.get(slug=row["manufacturer"])
            if _already_there(row, manufacturer):
                continue
            representative = User.objects.get(username=row["manufacturer"])
            application = _create(row, manufacturer, representative, by_part)
            # The workflow's own table says which steps bring a new application there.
            for step in APPLICATION.path_to(row["state"]):
                application = _step(step, application, row, representative,
                                    registrars[manufacturer.country])
            summary.count("applications", True)


def _already_there(row, manufacturer):
    applications = Application.objects.filter(manufacturer=manufacturer, kind=row["kind"])
    if row["kind"] == ApplicationKind.INCLUDE:
        registered = Product.objects.filter(manufacturer=manufacturer,
                                            part_number=row["part_number"]).exists()
        return registered or applications.filter(
            proposal__part_number=row["part_number"]).exists()
    return applications.filter(product__part_number=row["part_number"]).exists()


def _create(row, manufacturer, representative, by_part):
    product, data = None, None
    if row["kind"] == ApplicationKind.INCLUDE:
        data = proposal_of(by_part[row["part_number"]])
    else:
        product = Product.objects.get(manufacturer=manufacturer, part_number=row["part_number"])
        if row["kind"] == ApplicationKind.AMEND:
            data = _changed(proposals.of_entry(product), row["change"])
    return workflow.create_application(representative, manufacturer, row["kind"],
                                       product=product, data=data, note=row.get("note", ""))


def proposal_of(product_row):
    """A products.json row in the shape of proposed data."""
    data = proposals.empty()
    data.update({name: product_row.get(name) or "" for name in (
        "part_number", "name_ru", "name_en", "name_be", "description_ru", "description_en",
        "package", "tnved_code", "okpd2_code")})
    data["category"] = product_row["category"]
    data["parameters"] = {key: _value(value)
                          for key, value in product_row.get("parameters", {}).items()}
    data["aliases"] = [alias for alias in product_row.get("aliases", [])
                       if alias != product_row["part_number"]]
    data["analogs"] = [_analog(analog) for analog in product_row.get("analogs", [])]
    data["production"] = [
        {"stage": s["stage"], "site": s.get("site", ""), "operator": s.get("operator", ""),
         "country": s["country"], "process_nm": s.get("process_nm")}
        for s in product_row.get("production", [])
    ]
    return data


def _analog(analog):
    return {"part_number": analog["part_number"],
            "manufacturer_name": analog.get("manufacturer", ""),
            "compatibility": analog["compatibility"], "note": analog.get("note", "")}


def _value(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _changed(current, change):
    data = dict(current)
    data["parameters"] = {**current["parameters"], **change.get("parameters", {})}
    data["analogs"] = [*current["analogs"], *map(_analog, change.get("analogs_add", []))]
    return data


def _step(step, application, row, representative, registrar):
    """The registrar's steps carry the row's comment (a request, an approval, a reason)."""
    if APPLICATION.sides[step.name] == REGISTRAR:
        actor, text = registrar, row.get("registrar_comment", "")
    else:
        actor, text = representative, ""
    return step.function(application, actor, **({step.comment: text} if step.comment else {}))
