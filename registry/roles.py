"""The registrars' group and its permissions, kept in step after every migration."""

from django.contrib.auth.models import Group, Permission

from .models.accounts import REGISTRARS_GROUP

# app label -> models registrars may view and change (entries change through the workflow).
REGISTRAR_MODELS = {
    "manufacturers": ["manufacturer", "membership"],
    "products": [
        "category", "parametertemplate", "product", "productparameter", "partalias",
        "foreignanalog", "productionstage", "document",
    ],
}


def registrar_permissions():
    codenames = []
    for models in REGISTRAR_MODELS.values():
        for model in models:
            codenames += [f"view_{model}", f"change_{model}", f"add_{model}"]
    return Permission.objects.filter(
        content_type__app_label__in=REGISTRAR_MODELS, codename__in=codenames
    )


def ensure_groups(**kwargs):
    group, _ = Group.objects.get_or_create(name=REGISTRARS_GROUP)
    group.permissions.add(*registrar_permissions())
