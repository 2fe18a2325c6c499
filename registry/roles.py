"""The registrars' group and its permissions, kept in step after every migration."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from manufacturers.roles import REGISTRARS_GROUP

# app label -> models registrars may view and change (entries change through the workflow).
REGISTRAR_MODELS = {
    "manufacturers": ["manufacturer", "membership"],
    "products": [
        "category", "parametertemplate", "product", "productparameter", "partalias",
        "foreignanalog", "productionstage", "document",
    ],
}
# Models registrars read only: applications change by decisions, the logs never, the
# reference catalogue of foreign parts by its imports.
REGISTRAR_READ_ONLY = {
    "registry": ["application", "applicationdocument", "decision", "changeevent", "batch",
                 # Runs of import_register, with their reports.
                 "importrun"],
    # Filled by import_foreign_parts from library files and tables.
    "products": ["foreignpart"],
}


def registrar_permissions():
    condition = Q()
    for app_label, models in REGISTRAR_MODELS.items():
        codenames = [f"{action}_{model}" for model in models
                     for action in ("view", "change", "add")]
        condition |= Q(content_type__app_label=app_label, codename__in=codenames)
    for app_label, models in REGISTRAR_READ_ONLY.items():
        condition |= Q(content_type__app_label=app_label,
                       codename__in=[f"view_{model}" for model in models])
    return Permission.objects.filter(condition)


def ensure_groups(**kwargs):
    group, _ = Group.objects.get_or_create(name=REGISTRARS_GROUP)
    group.permissions.add(*registrar_permissions())
