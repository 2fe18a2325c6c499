"""POST data of the portal's forms, as a browser without JavaScript sends it."""

from registry.proposals import ENTRY_FIELDS

FORMSETS = {"alias": ("aliases", ["part_number"]),
            "analog": ("analogs", ["part_number", "manufacturer_name", "compatibility", "note"]),
            "stage": ("production", ["stage", "site", "operator", "country", "process_nm"])}


def proposal_post(data, note="", **extra):
    post = {f"entry-{name}": data.get(name) or "" for name in ENTRY_FIELDS}
    post["param_category"] = data["category"]
    post.update({f"param-{key}": value for key, value in data.get("parameters", {}).items()})
    for prefix, (section, fields) in FORMSETS.items():
        rows = data.get(section) or []
        if section == "aliases":
            rows = [{"part_number": alias} for alias in rows]
        post.update({f"{prefix}-TOTAL_FORMS": len(rows) + 1, f"{prefix}-INITIAL_FORMS": 0,
                     f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000})
        for index, row in enumerate(rows):
            for field in fields:
                value = row.get(field)
                post[f"{prefix}-{index}-{field}"] = "" if value is None else value
        if prefix == "analog":  # the blank row's select starts on the model's default
            post[f"analog-{len(rows)}-compatibility"] = "functional"
    post["note"] = note
    post.update(extra)
    return post


def form_errors(response):
    """Every error message on a portal form page, for assertions and failure output."""
    errors = []
    for form in response.context["forms"] or []:
        forms = getattr(form, "forms", [form])
        for one in forms:
            for field, messages in one.errors.items():
                errors += [f"{field}: {m}" for m in messages]
    errors += response.context["forms"].general_errors if response.context["forms"] else []
    errors += [f"note: {m}" for m in response.context["note_form"].errors.get("note", [])]
    return errors
