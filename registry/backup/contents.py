"""What the archive holds, in the order it is restored (each model after those it points to).

Held: the register (entries and all their parts, manufacturers, categories and parameter
templates), who represents whom, applications and their documents, the decision log, the change
feed, issued extracts, registry number counters, reminders sent, register import runs,
catalogue batches with their rows and documents, followers of searches by e-mail (their
confirmed addresses and where their digests stand), API tokens (the register keeps only their
SHA-256 digests, so the archive holds no usable token), the field-level history of everything
tracked (accounts' groups and permissions included), the files of documents, and the user
accounts all of these name.

Password hashes are sensitive: by default a user is archived with an unusable password (they
set a new one through "forgotten password" after a restore); `--with-password-hashes` keeps
them, and such an archive must be kept like the database itself. Every other table is named
in NOT_ARCHIVED with the reason, and the manifest repeats the list.
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
    "registry.Reminder",
    "registry.ImportRun",
    "registry.ApiToken",
    "registry.Batch",
    "registry.StagedRow",
    "registry.BatchDocument",
    "registry.Subscription",
]
# History of relations, after the history rows they belong to.
RELATION_HISTORY = [
    "registry.HistoricalUser_groups",
    "registry.HistoricalUser_user_permissions",
    "registry.HistoricalApiToken_manufacturers",
]
# Every other table of the database, and why the archive leaves it out.
NOT_ARCHIVED = {
    "registry.WebhookSubscription": "holds each subscriber's signing secret in clear text (it "
                                    "signs the deliveries); subscribers register again after "
                                    "a restore and resume from the change feed, which is "
                                    "archived, by the id of the last event they received",
    "registry.WebhookDelivery": "the log of delivery attempts to the subscriptions above",
    "sessions.Session": "sign-ins; everyone signs in again after a restore",
    "otp_totp.TOTPDevice": "second-factor secrets; people enrol their devices again",
    "axes.AccessAttempt": "failed sign-in attempts and lockouts",
    "axes.AccessAttemptExpiration": "failed sign-in attempts and lockouts",
    "axes.AccessFailureLog": "failed sign-in attempts and lockouts",
    "axes.AccessLog": "sign-in log",
    "django_tasks_database.DBTaskResult": "queued tasks (e-mail, webhooks, exports) of the old "
                                          "server",
    "admin.LogEntry": "the admin's own list of recent actions; the decision log and the field "
                      "history hold every change",
    "auth.Group": "made by the migrations (the registrars' group); accounts name groups by name",
    "auth.Permission": "made by the migrations; named by app, model and codename",
    "contenttypes.ContentType": "made by the migrations",
    "registry.HistoricalGroup": "the history of the groups the migrations make",
    "registry.HistoricalGroup_permissions": "the history of the groups the migrations make",
    "registry.EntryDocument": "each entry's stored API representation, derived from the "
                              "entries; the API reads through the serializer until manage.py "
                              "rebuild_entry_documents renders them again after a restore",
    "products.ForeignPart": "reference data from the makers' public catalogues, loaded again "
                            "with manage.py import_foreign_parts",
}
# Derived columns, rebuilt by the database when a row is written.
DERIVED_FIELDS = {"products.Product": {"search_vector"}}
# Models whose rows own a stored file (field name).
# A batch's document is one file that every application of the batch names: archived once.
FILE_FIELDS = {"products.Document": "file", "registry.ApplicationDocument": "file",
               "registry.BatchDocument": "file"}
UNUSABLE_PASSWORD = "!"  # what Django's check_password never accepts


def models():
    """Every archived model: the register's, then the history tables of those tracked."""
    register = [apps.get_model(label) for label in REGISTER]
    history = [model.history.model for model in register if hasattr(model, "history")]
    return register + history + [apps.get_model(label) for label in RELATION_HISTORY]


def fields(model):
    skipped = DERIVED_FIELDS.get(model._meta.label, set())
    return [f.name for f in model._meta.local_fields if not f.primary_key
            and f.name not in skipped] + [f.name for f in model._meta.local_many_to_many]
