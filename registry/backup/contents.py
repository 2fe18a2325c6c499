"""What the archive holds, in the order it is restored (each model after those it points to).

Held: the register (entries and all their parts, manufacturers, categories and parameter
templates), who represents whom, applications and their documents, the decision log, the
change feed, issued extracts, registry number counters, the field-level history of
everything tracked, the files of documents, and the user accounts all of these name.

Password hashes are sensitive: by default a user is archived with an unusable password (they
set a new one through "forgotten password" after a restore); `--with-password-hashes` keeps
them, and such an archive must be kept like the database itself. Not held: sessions,
second-factor devices (their secrets; people enrol again), sign-in attempts, queued tasks,
and groups other than those the migrations create (registrars).
"""

from django.apps import apps

REGISTER = [
    "registry.User",
    "manufacturers.Manufacturer",
    "manufacturers.Membership",
    "products.Category",
    "products.ParameterTemplate",
    "products.Product",
    "products.PartAlias",
    "products.ForeignAnalog",
    "products.ProductParameter",
    "products.ProductionStage",
    "products.Document",
    "registry.RegistryCounter",
    "registry.Application",
    "registry.ApplicationDocument",
    "registry.Decision",
    "registry.ChangeEvent",
    "extracts.Extract",
]
# Derived columns, rebuilt by the database when a row is written.
DERIVED_FIELDS = {"products.Product": {"search_vector"}}
# Models whose rows own a stored file (field name).
FILE_FIELDS = {"products.Document": "file", "registry.ApplicationDocument": "file"}
UNUSABLE_PASSWORD = "!"  # what Django's check_password never accepts


def models():
    """Every archived model: the register's, then the history tables of those tracked."""
    register = [apps.get_model(label) for label in REGISTER]
    history = [model.history.model for model in register if hasattr(model, "history")]
    return register + history


def fields(model):
    skipped = DERIVED_FIELDS.get(model._meta.label, set())
    return [f.name for f in model._meta.local_fields if not f.primary_key
            and f.name not in skipped] + [f.name for f in model._meta.local_many_to_many]
