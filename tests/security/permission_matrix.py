"""The expected answer of every URL pattern of the site, the portal, the desk and the API, for
each kind of visitor. tests/security/test_permission_matrix.py walks Django's resolver and
fails, naming the pattern, for any pattern this table does not answer for.

Keys are the patterns as the resolver spells them (prefixes joined, ^ and $ dropped). Each
pattern has one or more checks: a URL (placeholders filled from tests/security/world.py), the
method, and the answer per actor: a status code, LOGIN / ADMIN_LOGIN (a redirect to the site's
or the desk's sign-in) or REDIRECT (a redirect anywhere else). Objects of manufacturer A
answer 404 to the representative of B wherever B can reach.

To add a URL: add its pattern here with the answers it must give; a new admin model goes into
ADMIN_MODELS with who may do what.
"""

from dataclasses import dataclass, field

LOGIN, ADMIN_LOGIN, REDIRECT = "login", "admin-login", "redirect"
# registrar: of Belarus, whose ministry decides on maker_a (BY); registrar_ru: of Russia, who
# reads maker_a's matters as the Belarusian registrar does but decides on none of them.
ACTORS = ("anonymous", "rep_a", "rep_b", "registrar", "registrar_ru", "superuser")


def expect(default, **overrides):
    """Answers per actor; the Russian registrar answers as the Belarusian one unless told."""
    unknown = set(overrides) - set(ACTORS)
    assert not unknown, unknown
    answers = {actor: overrides.get(actor, default) for actor in ACTORS}
    answers["registrar_ru"] = overrides.get("registrar_ru", answers["registrar"])
    return answers


@dataclass
class Check:
    url: str
    answers: dict
    method: str = "get"
    data: dict = field(default_factory=dict)
    content_type: str | None = None  # None: the test client's default (form data)


def api_post(url, answers, data=None):
    return Check(url, answers, method="post", data=data or {}, content_type="application/json")


PUBLIC = expect(200)
SIGNED_IN = expect(200, anonymous=LOGIN)
A_ONLY = expect(404, anonymous=LOGIN, rep_a=200)
A_ONLY_POST = expect(404, anonymous=LOGIN, rep_a=REDIRECT)
NOT_SIGNED_IN = expect(REDIRECT, anonymous=200)
NOT_FOUND = expect(404)
GET_NOT_ALLOWED = expect(405)
# The API answers 401 to a request without credentials, 404 for what the user may not see.
API_SIGNED_IN = expect(200, anonymous=401)
API_A_ONLY = expect(404, anonymous=401, rep_a=200)
API_A_AND_DESK = expect(404, anonymous=401, rep_a=200, registrar=200, superuser=200)
API_DESK_STEP = expect(404, anonymous=401, rep_a=403, registrar=200, registrar_ru=403,
                       superuser=200)
# A decision on an application not yet taken for review: the registrars are let through to
# the workflow, which says the state does not allow it.
API_DECISION = expect(404, anonymous=401, rep_a=403, registrar=409, registrar_ru=403,
                      superuser=409)
# The desk: non-staff are sent to its sign-in page.
KEPT_OUT = {"anonymous": ADMIN_LOGIN, "rep_a": ADMIN_LOGIN, "rep_b": ADMIN_LOGIN}
DESK = expect(200, **KEPT_OUT)
DESK_REDIRECT = expect(REDIRECT, **KEPT_OUT)
# A decision's page on a Belarusian matter: the Russian registrar is sent back to the object's
# page with the reason.
BY_DECISION = expect(200, **KEPT_OUT, registrar_ru=REDIRECT)
ADMINISTRATOR = expect(200, **KEPT_OUT, registrar=403)
NOBODY = expect(403, **KEPT_OUT)


def desk(registrar, superuser):
    return expect(200, **KEPT_OUT, registrar=registrar, superuser=superuser)


SITE = {
    "": [Check("/", PUBLIC)],
    "search/": [Check("/search/?q=74HC", PUBLIC)],
    "search/export\\.(?P<file_format>csv|xlsx)": [Check("/search/export.csv?q=74HC", PUBLIC)],
    "products/<str:registry_number>/": [
        Check("/products/{number_a}/", PUBLIC),
        Check("/products/UR-2026-999999/", NOT_FOUND)],
    "products/<str:registry_number>/documents/<int:pk>/": [
        Check("/products/{number_a}/documents/{public_document}/", PUBLIC),
        # A document is reached only through its own entry.
        Check("/products/{number_b}/documents/{public_document}/", NOT_FOUND)],
    "manufacturers/": [Check("/manufacturers/?country=BY", PUBLIC)],
    "search/feed.atom": [Check("/search/feed.atom?q=74HC", PUBLIC)],
    # Following a search by e-mail: no account; the link's token is the key.
    "follow/": [Check("/follow/?category={category}", PUBLIC)],
    "follow/confirm/<str:token>/": [
        Check("/follow/confirm/{subscription_token}/", PUBLIC),
        Check("/follow/confirm/not-a-token/", NOT_FOUND)],
    "follow/stop/<str:token>/": [
        Check("/follow/stop/{subscription_token}/", PUBLIC),
        Check("/follow/stop/not-a-token/", NOT_FOUND)],
    "manufacturers/<slug:slug>/": [
        Check("/manufacturers/{maker_a}/", PUBLIC),
        # An applicant not yet admitted is seen by its own people and the registrars only.
        Check("/manufacturers/{pending_maker}/", expect(404, rep_a=200, registrar=200,
                                                         superuser=200))],
    "substitutes/": [Check("/substitutes/?part=SN74HC164N", PUBLIC)],
    "substitutes/bom/": [Check("/substitutes/bom/", PUBLIC)],
    "substitutes/bom/<str:token>/": [Check("/substitutes/bom/{bom_token}/", PUBLIC)],
    "substitutes/bom/(?P<token>[\\w-]+)/answer\\.(?P<file_format>csv|xlsx)": [
        Check("/substitutes/bom/{bom_token}/answer.csv?header=0&part=0", PUBLIC),
        Check("/substitutes/bom/{bom_token}/answer.csv", expect(REDIRECT))],
    "products/<str:registry_number>/extract.pdf": [
        Check("/products/{number_a}/extract.pdf", PUBLIC)],
    "verify/": [Check("/verify/", PUBLIC)],
    "about/": [Check("/about/", PUBLIC)],
    "about/legal/": [Check("/about/legal/?lang=be", PUBLIC)],
    "about/apply/": [Check("/about/apply/", PUBLIC)],
    "about/open-data/": [Check("/about/open-data/?lang=en", PUBLIC)],
    "about/contacts/": [Check("/about/contacts/", PUBLIC)],
    "verify/<extract_id:extract_id>/": [Check("/verify/{extract}/", PUBLIC)],
    "verify/<extract_id:extract_id>.json": [Check("/verify/{extract}.json", PUBLIC)],
    ".well-known/register-extract-keys.json": [
        Check("/.well-known/register-extract-keys.json", PUBLIC)],
    "i18n/setlang/": [Check("/i18n/setlang/", expect(REDIRECT), method="post",
                            data={"language": "en", "next": "/"})],
    # Operations: the test client speaks from loopback, which /metrics answers (from elsewhere
    # it is a 404: tests/operations/test_metrics.py).
    "healthz": [Check("/healthz", PUBLIC)],
    "metrics": [Check("/metrics", PUBLIC)],
}

ACCOUNTS = {
    "accounts/signup/": [Check("/accounts/signup/", NOT_SIGNED_IN)],
    "accounts/profile/": [Check("/accounts/profile/", SIGNED_IN)],
    # Without an enrolled device (the registrar has one), one is sent on to enrolment.
    "accounts/two-factor/": [Check("/accounts/two-factor/", expect(
        REDIRECT, anonymous=LOGIN, registrar=200, registrar_ru=REDIRECT))],
    "accounts/two-factor/setup/": [Check("/accounts/two-factor/setup/", expect(
        200, anonymous=LOGIN, registrar=REDIRECT, registrar_ru=200))],
    "accounts/login/": [Check("/accounts/login/", PUBLIC)],
    "accounts/logout/": [Check("/accounts/logout/", GET_NOT_ALLOWED),
                         Check("/accounts/logout/", expect(REDIRECT), method="post")],
    "accounts/password_change/": [Check("/accounts/password_change/", SIGNED_IN)],
    "accounts/password_change/done/": [Check("/accounts/password_change/done/", SIGNED_IN)],
    "accounts/password_reset/": [Check("/accounts/password_reset/", PUBLIC)],
    "accounts/password_reset/done/": [Check("/accounts/password_reset/done/", PUBLIC)],
    "accounts/reset/<uidb64>/<token>/": [
        Check("/accounts/reset/{reset_uid}/{reset_token}/", expect(REDIRECT)),
        Check("/accounts/reset/{reset_uid}/forged-token/", PUBLIC)],  # says: invalid link
    "accounts/reset/done/": [Check("/accounts/reset/done/", PUBLIC)],
}

PORTAL = {
    "portal/": [Check("/portal/", SIGNED_IN)],
    "portal/entries/": [Check("/portal/entries/", SIGNED_IN)],
    "portal/applications/new/": [Check("/portal/applications/new/", SIGNED_IN)],
    "portal/batches/": [Check("/portal/batches/", SIGNED_IN)],
    "portal/batches/template.<str:extension>": [
        Check("/portal/batches/template.csv", PUBLIC)],
    "portal/batches/<int:pk>/": [Check("/portal/batches/{batch_a}/", A_ONLY)],
    "portal/batches/<int:pk>/act/": [
        Check("/portal/batches/{batch_a}/act/", A_ONLY_POST, method="post",
              data={"action": "drop_errors"})],
    "portal/admission/": [Check("/portal/admission/", SIGNED_IN)],
    "portal/applications/<int:pk>/": [
        Check("/portal/applications/{draft_a}/", A_ONLY),
        Check("/portal/applications/{submitted_a}/", A_ONLY),
        Check("/portal/applications/{draft_b}/", expect(404, anonymous=LOGIN, rep_b=200))],
    "portal/applications/<int:pk>/edit/": [
        Check("/portal/applications/{draft_a}/edit/", A_ONLY),
        Check("/portal/applications/{draft_a}/edit/", A_ONLY, method="post",
              data={"note": "x"})],  # the rest of the form is missing: shown again
    "portal/applications/<int:pk>/submit/": [
        Check("/portal/applications/{draft_a}/submit/", A_ONLY_POST, method="post")],
    "portal/applications/<int:pk>/withdraw/": [
        Check("/portal/applications/{draft_a}/withdraw/", A_ONLY),
        Check("/portal/applications/{draft_a}/withdraw/", A_ONLY_POST, method="post")],
    "portal/applications/<int:pk>/documents/": [
        Check("/portal/applications/{draft_a}/documents/", A_ONLY, method="post")],
    "portal/applications/<int:pk>/documents/<int:document_pk>/": [
        Check("/portal/applications/{draft_a}/documents/{draft_document}/", A_ONLY),
        # Another application's document is not reached through this one.
        Check("/portal/applications/{draft_a}/documents/{submitted_document}/",
              expect(404, anonymous=LOGIN))],
    "portal/analogs/upload/": [
        Check("/portal/analogs/upload/", SIGNED_IN),
        # No file: the form is shown again with its errors, nothing staged.
        Check("/portal/analogs/upload/", SIGNED_IN, method="post")],
    # A staged table is its uploader's only.
    "portal/analogs/<str:token>/": [
        Check("/portal/analogs/{analogs_token_a}/", A_ONLY),
        # Its entry has an application in progress: shown again with the refusal.
        Check("/portal/analogs/{analogs_token_a}/", A_ONLY, method="post"),
        Check("/portal/analogs/unknown-token-of-twenty-chars/", expect(404, anonymous=LOGIN))],
    "portal/tokens/": [Check("/portal/tokens/", SIGNED_IN)],
    "portal/tokens/<int:pk>/revoke/": [
        Check("/portal/tokens/{token_a}/revoke/", A_ONLY_POST, method="post"),
        Check("/portal/tokens/{token_a}/revoke/", expect(405, anonymous=LOGIN))],
    "portal/applications/<int:pk>/documents/<int:document_pk>/remove/": [
        Check("/portal/applications/{draft_a}/documents/{draft_document}/remove/",
              A_ONLY_POST, method="post")],
}

API = {
    "api/v1/batches/": [Check("/api/v1/batches/", API_SIGNED_IN)],
    "api/v1/batches/(?P<pk>[0-9]{1,18})/": [Check("/api/v1/batches/{batch_a}/", API_A_ONLY)],
    "api/v1/batches/(?P<pk>[0-9]{1,18})/rows/": [
        Check("/api/v1/batches/{batch_a}/rows/", API_A_ONLY)],
    "api/v1/batches/(?P<pk>[0-9]{1,18})/drop/": [
        api_post("/api/v1/batches/{batch_a}/drop/", API_A_ONLY, {"lines": [2]})],
    "api/v1/batches/(?P<pk>[0-9]{1,18})/submit/": [
        # The staged row has errors: the representative is told so (409), others see nothing.
        api_post("/api/v1/batches/{batch_a}/submit/", expect(404, anonymous=401, rep_a=409))],
    "api/v1/batches/(?P<pk>[0-9]{1,18})/approve/": [
        api_post("/api/v1/batches/{batch_sent_a}/approve/", API_DESK_STEP)],
    "api/v1/batches/(?P<pk>[0-9]{1,18})/request-changes/": [
        api_post("/api/v1/batches/{batch_sent_a}/request-changes/", API_DESK_STEP,
                 {"rows": [{"line": 2, "comment": "Check the name"}]})],
    "api/v1/batches/(?P<pk>[0-9]{1,18})/reject/": [
        api_post("/api/v1/batches/{batch_sent_a}/reject/", API_DESK_STEP,
                 {"reason": "Not ours"})],
    "api/v1/": [Check("/api/v1/", PUBLIC)],
    "api/v1/substitutes/": [Check("/api/v1/substitutes/?part=SN74HC164N", PUBLIC)],
    "api/v1/substitutes/bom/": [
        api_post("/api/v1/substitutes/bom/", PUBLIC, {"lines": [{"part": "SN74HC164N"}]})],
    "api/v1/export.jsonl": [Check("/api/v1/export.jsonl", PUBLIC)],
    "api/v1/export.csv": [Check("/api/v1/export.csv", PUBLIC)],
    "api/v1/products/": [Check("/api/v1/products/", PUBLIC)],
    "api/v1/products/(?P<registry_number>[A-Z]{1,10}-[0-9]{4}-[0-9]{6})/": [
        Check("/api/v1/products/{number_a}/", PUBLIC)],
    "api/v1/products/<str:registry_number>/extract.pdf": [
        Check("/api/v1/products/{number_a}/extract.pdf", PUBLIC)],
    "api/v1/manufacturers/": [Check("/api/v1/manufacturers/", PUBLIC)],
    "api/v1/manufacturers/(?P<slug>[-a-zA-Z0-9_]+)/": [
        Check("/api/v1/manufacturers/{maker_a}/", PUBLIC),
        Check("/api/v1/manufacturers/{pending_maker}/", expect(404, rep_a=200, registrar=200,
                                                                superuser=200))],
    "api/v1/categories/": [Check("/api/v1/categories/", PUBLIC)],
    "api/v1/categories/(?P<slug>[-a-zA-Z0-9_]+)/": [
        Check("/api/v1/categories/{category}/", PUBLIC)],
    "api/v1/changes/": [Check("/api/v1/changes/", PUBLIC)],
    "api/v1/products/(?P<registry_number>[A-Z]{1,10}-[0-9]{4}-[0-9]{6})/history/": [
        Check("/api/v1/products/{number_a}/history/", PUBLIC)],
    # Applications: a manufacturer's own, and those submitted to the registrars.
    "api/v1/applications/": [Check("/api/v1/applications/", API_SIGNED_IN)],
    "api/v1/applications/(?P<pk>[0-9]{1,18})/": [
        Check("/api/v1/applications/{draft_a}/", API_A_ONLY),
        Check("/api/v1/applications/{submitted_a}/", API_A_AND_DESK)],
    "api/v1/applications/(?P<pk>[0-9]{1,18})/submit/": [
        api_post("/api/v1/applications/{draft_a}/submit/", API_A_ONLY)],
    "api/v1/applications/(?P<pk>[0-9]{1,18})/resubmit/": [
        api_post("/api/v1/applications/{submitted_a}/resubmit/", expect(
            404, anonymous=401, rep_a=409, registrar=403, superuser=403))],
    "api/v1/applications/(?P<pk>[0-9]{1,18})/withdraw/": [
        api_post("/api/v1/applications/{draft_a}/withdraw/", API_A_ONLY)],
    # Any registrar comments, of either state.
    "api/v1/applications/(?P<pk>[0-9]{1,18})/comment/": [
        api_post("/api/v1/applications/{submitted_a}/comment/", expect(
            404, anonymous=401, rep_a=403, registrar=200, superuser=200),
            {"comment": "Seen in Moscow too."})],
    "api/v1/applications/(?P<pk>[0-9]{1,18})/take/": [
        api_post("/api/v1/applications/{submitted_a}/take/", API_DESK_STEP)],
    "api/v1/applications/(?P<pk>[0-9]{1,18})/request-changes/": [
        api_post("/api/v1/applications/{submitted_a}/request-changes/", API_DECISION,
                 {"comment": "Attach the test report."})],
    "api/v1/applications/(?P<pk>[0-9]{1,18})/approve/": [
        api_post("/api/v1/applications/{submitted_a}/approve/", API_DECISION)],
    "api/v1/applications/(?P<pk>[0-9]{1,18})/reject/": [
        api_post("/api/v1/applications/{submitted_a}/reject/", API_DECISION,
                 {"reason": "Not a microelectronic product."})],
    "api/v1/applications/<id:pk>/documents/": [
        # Reached without a file: the owner is told what is missing.
        Check("/api/v1/applications/{draft_a}/documents/", expect(404, anonymous=401, rep_a=400),
              method="post")],
    "api/v1/applications/<id:pk>/documents/<id:document_pk>/": [
        Check("/api/v1/applications/{draft_a}/documents/{draft_document}/", API_A_ONLY),
        Check("/api/v1/applications/{draft_a}/documents/{submitted_document}/",
              expect(404, anonymous=401))],
    # Webhook subscriptions: their owner's alone.
    "api/v1/webhooks/": [Check("/api/v1/webhooks/", API_SIGNED_IN)],
    "api/v1/webhooks/(?P<pk>[0-9]{1,18})/": [
        Check("/api/v1/webhooks/{webhook_a}/", API_A_ONLY)],
    "api/v1/webhooks/(?P<pk>[0-9]{1,18})/deliveries/": [
        Check("/api/v1/webhooks/{webhook_a}/deliveries/", API_A_ONLY)],
    "api/schema/": [Check("/api/schema/", PUBLIC)],
    "api/docs/": [Check("/api/docs/", PUBLIC)],
    "api/[\\s\\S]*/": [Check("/api/v2/nothing/", NOT_FOUND)],
}

DESK_SITE = {
    "admin/": [Check("/admin/", DESK)],
    "admin/login/": [Check("/admin/login/", expect(REDIRECT, anonymous=200, rep_a=200,
                                                   rep_b=200))],
    "admin/logout/": [Check("/admin/logout/", expect(405, anonymous=REDIRECT, rep_a=REDIRECT,
                                                     rep_b=REDIRECT))],
    "admin/password_change/": [Check("/admin/password_change/", DESK)],
    "admin/password_change/done/": [Check("/admin/password_change/done/", DESK)],
    "admin/autocomplete/": [Check("/admin/autocomplete/", NOBODY)],
    "admin/jsi18n/": [Check("/admin/jsi18n/", DESK)],
    "admin/r/<path:content_type_id>/<path:object_id>/": [
        Check("/admin/r/{product_type}/{product_a}/", DESK_REDIRECT)],
    # The admin's app labels, in the order the desk registers its models.
    "admin/(?P<app_label>auth|django_tasks_database|axes|registry|products|otp_totp|"
    "manufacturers)/": [
        Check("/admin/products/", DESK), Check("/admin/manufacturers/", DESK),
        Check("/admin/auth/", expect(
            200, **KEPT_OUT, registrar=404))],
    "admin/(?P<url>.*)": [Check("/admin/nothing-here/", expect(404, **KEPT_OUT))],
    # The registrar's decisions: registrars and administrators; the object must be theirs to
    # decide on (a draft is not).
    "admin/registry/application/<path:object_id>/take/": [
        Check("/admin/registry/application/{submitted_a}/take/", BY_DECISION),
        Check("/admin/registry/application/{draft_a}/take/", expect(404, **KEPT_OUT))],
    "admin/registry/application/<path:object_id>/request-changes/": [
        Check("/admin/registry/application/{submitted_a}/request-changes/", BY_DECISION)],
    "admin/registry/application/<path:object_id>/approve/": [
        Check("/admin/registry/application/{submitted_a}/approve/", BY_DECISION)],
    "admin/registry/application/<path:object_id>/reject/": [
        Check("/admin/registry/application/{submitted_a}/reject/", BY_DECISION)],
    "admin/registry/application/<path:object_id>/documents/<int:document_id>/": [
        Check("/admin/registry/application/{submitted_a}/documents/{submitted_document}/",
              DESK),
        Check("/admin/registry/application/{draft_a}/documents/{draft_document}/",
              expect(404, **KEPT_OUT))],
    "admin/products/product/load-analogs/": [
        Check("/admin/products/product/load-analogs/", DESK),
        Check("/admin/products/product/load-analogs/", DESK, method="post")],
    "admin/products/product/<path:object_id>/suspend/": [
        Check("/admin/products/product/{product_a}/suspend/", BY_DECISION)],
    "admin/products/product/<path:object_id>/reinstate/": [
        Check("/admin/products/product/{product_a}/reinstate/", BY_DECISION)],
    "admin/products/product/<path:object_id>/exclude/": [
        Check("/admin/products/product/{product_a}/exclude/", BY_DECISION)],
    "admin/manufacturers/manufacturer/<path:object_id>/admit/": [
        # The applicant is Russian: Russia's registrars decide on its admission.
        Check("/admin/manufacturers/manufacturer/{pending_maker_pk}/admit/",
              expect(200, **KEPT_OUT, registrar=REDIRECT, registrar_ru=200))],
    "admin/manufacturers/manufacturer/<path:object_id>/refuse/": [
        # The applicant is Russian: Russia's registrars decide on its admission.
        Check("/admin/manufacturers/manufacturer/{pending_maker_pk}/refuse/",
              expect(200, **KEPT_OUT, registrar=REDIRECT, registrar_ru=200))],
    "admin/registry/application/<path:object_id>/comment/": [
        Check("/admin/registry/application/{submitted_a}/comment/", DESK)],
    "admin/products/product/<path:object_id>/comment/": [
        Check("/admin/products/product/{product_a}/comment/", DESK)],
    # The dashboard's data-quality report: registrars of both states.
    "admin/data-quality/": [Check("/admin/data-quality/", DESK)],
    # A register import's per-row report: registrars of both states.
    "admin/registry/importrun/<int:pk>/report.csv": [
        Check("/admin/registry/importrun/{obj_registry_importrun}/report.csv", DESK)],
    # Applying a report-only run: its confirmation page for registrars; a POST is taken
    # only from one (tests/registry/test_import_register.py follows it through).
    "admin/registry/importrun/<int:pk>/apply/": [
        Check("/admin/registry/importrun/{obj_registry_importrun}/apply/", DESK)],
    "admin/data-quality.csv": [Check("/admin/data-quality.csv", DESK)],
    "admin/registry/user/<id>/password/": [
        Check("/admin/registry/user/{obj_registry_user}/password/", ADMINISTRATOR)],
}

# Every model in the desk: what registrars may do with it ("edit": view, add, change;
# "view"; "none"), and whether its admin allows adding and deleting at all.
ADMIN_MODELS = {
    "registry/application": ("view", False, False),
    "registry/decision": ("view", False, False),
    "registry/changeevent": ("view", False, False),
    "registry/importrun": ("view", False, False),
    "registry/batch": ("view", False, False),
    "registry/registrycounter": ("none", False, False),
    "registry/user": ("none", True, False),
    "registry/apitoken": ("none", False, False),
    "registry/webhooksubscription": ("none", False, False),
    "registry/webhookdelivery": ("none", False, False),
    "products/product": ("edit", True, False),
    "products/category": ("edit", True, False),
    "products/parametertemplate": ("edit", True, True),
    # Changed on their entry's page, where the correction is recorded.
    "products/foreignanalog": ("edit", False, False),
    "products/document": ("edit", False, False),
    # Filled by import_foreign_parts; administrators may delete stale rows.
    "products/foreignpart": ("view", False, True),
    "manufacturers/manufacturer": ("edit", True, False),
    "manufacturers/membership": ("edit", True, True),
    "auth/group": ("none", True, True),
    "otp_totp/totpdevice": ("none", False, True),
    "axes/accessattempt": ("none", False, True),
    "axes/accesslog": ("none", False, True),
    "axes/accessfailurelog": ("none", False, True),
    "django_tasks_database/dbtaskresult": ("none", False, False),
}


def admin_model_checks(model, registrar, can_add, can_delete):
    """The answers of the URLs every model admin has, for one model."""
    sees = 200 if registrar in ("view", "edit") else 403
    adds = 200 if registrar == "edit" and can_add else 403
    base, obj = f"/admin/{model}/", "{obj_" + model.replace("/", "_") + "}"
    checks = {
        "": [Check(base, desk(sees, 200))],
        "add/": [Check(f"{base}add/", desk(adds, 200 if can_add else 403))],
        "<path:object_id>/change/": [Check(f"{base}{obj}/change/", desk(sees, 200))],
        "<path:object_id>/history/": [Check(f"{base}{obj}/history/", desk(sees, 200))],
        "<path:object_id>/delete/": [
            Check(f"{base}{obj}/delete/", desk(403, 200 if can_delete else 403))],
        "<path:object_id>/": [Check(f"{base}{obj}/", DESK_REDIRECT)],
    }
    if model in HISTORY_ADMINS:
        version = "{version_" + model.replace("/", "_") + "}"
        checks["([^/]+)/history/([^/]+)/"] = [
            Check(f"{base}{obj}/history/{version}/", desk(sees, 200)),
            # Reading only: writing a past version back is refused to everyone.
            Check(f"{base}{obj}/history/{version}/", expect(403), method="post")]
    return {f"admin/{model}/{route}": value for route, value in checks.items()}


# Model admins of django-simple-history, with a page per past version.
HISTORY_ADMINS = {"registry/application", "products/product", "products/foreignanalog",
                  "products/document", "manufacturers/manufacturer",
                  "manufacturers/membership"}


def matrix():
    table = {**SITE, **ACCOUNTS, **PORTAL, **API, **DESK_SITE}
    for model, (registrar, can_add, can_delete) in ADMIN_MODELS.items():
        table.update(admin_model_checks(model, registrar, can_add, can_delete))
    return table
