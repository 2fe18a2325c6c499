"""Settings of the register, read from the environment.

With nothing set, the project runs in development mode on an SQLite file in var/.
Setting DJANGO_SECRET_KEY switches the defaults to production (DEBUG off, secure cookies).
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.media_storage import storage_from_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def development_secret_key():
    """A random key kept in var/ so that sessions survive a restart of `make run`."""
    path = VAR_DIR / "dev-secret-key"
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    return key


# --- Core ---------------------------------------------------------------------------------------

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or ""
PRODUCTION = bool(SECRET_KEY)
if not SECRET_KEY:
    SECRET_KEY = development_secret_key()
DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS",
    [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"],
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "registry.desk.apps.DeskAdminConfig",  # django.contrib.admin with the desk's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "manufacturers",
    "products",
    "registry",
    "registry.extracts",
]

MIDDLEWARE = [
    "registry.operations.requestid.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "registry.security.headers.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "registry.security.limits.RequestGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.languages.AddressLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After CommonMiddleware has checked the host: e-mails link to the address asked for.
    "registry.public_url.RequestAddressMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "registry.security.headers.PrivatePagesMiddleware",
    "registry.security.ratelimit.BomUploadLimitMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "config.dbrouters.ReplicaReadsMiddleware",
    # Inside the replica's choice: a kept answer is checked against the feed of the database
    # the view would read. It skips all that follows.
    "registry.feed.cached_reads.CachedReadsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "registry.security.sessions.SessionExpiryMiddleware",
    "registry.security.second_factor.RequireSecondFactorMiddleware",
    "registry.security.history.ReadOnlyHistoryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"
AUTH_USER_MODEL = "registry.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.languages.language_links",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'register.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
# psycopg's connection pool (one per process) in production; DATABASE_POOL=0 turns it off.
DATABASE_POOL = env_bool("DATABASE_POOL", PRODUCTION)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the register's queries read a few index pages each, and a large
    # estimated cost (a bill of materials' searches in one UNION) made PostgreSQL spend
    # seconds compiling a query that then ran in milliseconds.
    # Random reads priced near sequential ones (PostgreSQL's 4 is for spinning disks; the
    # register is read from memory and SSD): at 4 the planner scanned the 2.4 M parameter
    # rows instead of looking up ten thousand matches' rows by index, 131 against 56 ms.
    RANDOM_PAGE_COST = float(os.environ.get("DATABASE_RANDOM_PAGE_COST", 1.1))
    # Prepared at once, as psycopg allows: only the reads products.compiled keeps prepared
    # bind on the server (Django's cursors bind values in the SQL text, never prepared).
    DATABASES["default"]["OPTIONS"] = {
        "options": f"-c jit=off -c random_page_cost={RANDOM_PAGE_COST:g}",
        "prepare_threshold": 0}
    if DATABASE_POOL:
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": int(os.environ.get("DATABASE_POOL_MIN", 2)),
            "max_size": int(os.environ.get("DATABASE_POOL_MAX", 8)),
            "timeout": 10,
        }
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"], conn_max_age=0),
        "OPTIONS": DATABASES["default"].get("OPTIONS", {}),
        "TEST": {"MIRROR": "default"},
    }
# The tables' owner, which `manage.py migrate` connects as; the role of DATABASE_URL then owns
# nothing and may not rewrite the audit trail (registry/security/database_roles.py).
DATABASE_MIGRATE_URL = os.environ.get("DATABASE_MIGRATE_URL", "")
DATABASE_ROUTERS = ["config.dbrouters.ReplicaRouter"]
# Anonymous reads leave the replica when it lags more than this; a visitor who just wrote reads
# from the primary for REPLICA_PIN_SECONDS (config/dbrouters.py).
DATABASE_REPLICA_MAX_LAG = float(os.environ.get("DATABASE_REPLICA_MAX_LAG", 30))
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", 60))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(exist_ok=True)
    # WAL lets readers and one writer work at once; the timeout waits for the writer.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

# --- Cache --------------------------------------------------------------------------------------

CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- E-mail -------------------------------------------------------------------------------------


def email_settings(url):
    """Translate EMAIL_URL (smtp://user:pass@host:587?tls=1, console://, locmem://,
    file:///folder: one file per message) to settings."""
    if not url:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parsed = urlparse(url)
    if parsed.scheme == "file":
        return {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "EMAIL_FILE_PATH": unquote(parsed.path)}
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
    }
    query = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
    return {
        "EMAIL_BACKEND": backends.get(parsed.scheme, backends["smtp"]),
        "EMAIL_HOST": parsed.hostname or "localhost",
        "EMAIL_PORT": parsed.port or (465 if parsed.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parsed.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
        "EMAIL_USE_SSL": parsed.scheme == "smtps",
        "EMAIL_USE_TLS": query.get("tls", "") in {"1", "true", "yes"},
    }


globals().update(email_settings(os.environ.get("EMAIL_URL", "")))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "register@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Auth ---------------------------------------------------------------------------------------

PASSWORD_MIN_LENGTH = int(os.environ.get("PASSWORD_MIN_LENGTH", 12))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": max(PASSWORD_MIN_LENGTH, 12)}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
# django-axes counts failed sign-ins (site and admin alike) per user name and address; past
# the limit that pair is refused until the cool-off ends (registry.security.lockout, HTTP 429).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "registry.security.ratelimit.client_address"
AXES_LOCKOUT_CALLABLE = "registry.security.lockout.lockout_response"
AXES_VERBOSE = False
# A signed-in session ends after this long without a request, and this long after signing
# in whatever the activity (registry.security.sessions).
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_SECONDS", 3600))
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("SESSION_ABSOLUTE_SECONDS", 12 * 3600))
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
# A second factor (TOTP) for staff and registrars: when required, they reach nothing but the
# enrolment and verification pages until they have given a code (registry.security).
REGISTRAR_REQUIRE_OTP = env_bool("REGISTRAR_REQUIRE_OTP", PRODUCTION)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Unified Register")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # a device's secret is shown once, at enrolment

# --- Internationalisation -----------------------------------------------------------------------

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("be", _("Belarusian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Minsk"
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
SIMPLE_HISTORY_REVERT_DISABLED = True  # the trail is read-only: no door rewrites the past
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or VAR_DIR / "media")
# Documents in S3-protocol object storage when set (config/media_storage.py), else MEDIA_ROOT.
MEDIA_STORAGE_URL = os.environ.get("MEDIA_STORAGE_URL", "")
STORAGES = {
    "default": storage_from_url(MEDIA_STORAGE_URL),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it to exist

# --- Security (production defaults) -------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script of the register reads it: forms carry the token
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # Probes and scrapers on the internal network speak plain HTTP to the application.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies are sent only over HTTPS, to this host, for the whole site.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# Scripts, styles, images and fonts only from the register itself: no inline code, no CDN.
# Uploaded documents are served with a stricter policy of their own (products.downloads).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "upgrade-insecure-requests": PRODUCTION,
    },
}
# Browser features the register never uses, switched off for every page.
PERMISSIONS_POLICY = ("accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
                      "magnetometer=(), microphone=(), payment=(), usb=()")

# Reverse proxies in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR);
# one setting for every place that needs the client's address (throttles, rate limits).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", 0))
# Anonymous pages and API answers may be kept this long by a shared cache in front of the app
# servers (deploy/nginx); 0: never (registry.security.headers.PrivatePagesMiddleware).
SHARED_CACHE_SECONDS = int(os.environ.get("SHARED_CACHE_SECONDS", 60))
# The app's own copy of those answers, in CACHES["default"], served until the register changes
# and for at most this long (registry.feed.cached_reads), as long as the facets' counts are
# kept (products.caching): a write past both the feed and the save signals shows by then;
# 0: off.
RESPONSE_CACHE_SECONDS = int(os.environ.get("RESPONSE_CACHE_SECONDS", 600))

# --- REST API -----------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Tokens for systems; the session (with its CSRF check on writes) for the docs page.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "registry.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "EXCEPTION_HANDLER": "registry.api.errors.exception_handler",
    # Requests per client address (anon) or user; exports are heavy and have their own rate.
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "300/min"),
        "user": os.environ.get("API_THROTTLE_USER", "1200/min"),
        "export": os.environ.get("API_THROTTLE_EXPORT", "30/hour"),
        "write": os.environ.get("API_THROTTLE_WRITE", "120/hour"),
    },
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Unified Register of Microelectronic Products API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No call to the public validator: the docs page talks to the register only.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "DESCRIPTION": (
        "The joint register of microelectronic products of Belarus and Russia: entries, "
        "manufacturers, categories, substitutes for foreign parts, whole-register exports, "
        "the change feed for mirrors and webhooks; with an API token from the portal, "
        "applications and their review. Errors are JSON with a code, a detail and messages "
        "per field."
    ),
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    # A required string the server refuses when blank says so: minLength 1.
    "ENFORCE_NON_BLANK_FIELDS": True,
    "ENUM_NAME_OVERRIDES": {
        "ProductStatusEnum": "products.models.entries.ProductStatus",
        "ExclusionReasonEnum": "products.models.entries.ExclusionReason",
        "OriginDocumentKindEnum": "products.models.entries.OriginDocumentKind",
        "CompatibilityEnum": "products.models.parts.Compatibility",
        "DocumentKindEnum": "products.models.documents.DocumentKind",
        "ProductionStageEnum": "products.models.production.Stage",
        "ParameterKindEnum": "products.models.categories.ParameterTemplate.Kind",
        "CountryEnum": "manufacturers.models.Country",
        "AdmissionEnum": "manufacturers.models.Manufacturer.Status",
        "ChangeKindEnum": "registry.models.changes.ChangeKind",
        "EntryChangeKindEnum": "registry.models.changes.ENTRY_KIND_CHOICES",
        "ApplicationKindEnum": "registry.models.applications.ApplicationKind",
    },
}

# --- Tasks (e-mail, webhooks, exports) ----------------------------------------------------------

# Stored entry documents (registry.api.stored): a manufacturer's or category's change re-renders
# up to this many entries' documents in its own transaction, more in a background task.
STORED_DOCUMENTS_SYNC_LIMIT = int(os.environ.get("STORED_DOCUMENTS_SYNC_LIMIT", 500))

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND",
            "django_tasks_db.backend.DatabaseBackend" if PRODUCTION
            else "django_tasks.backends.immediate.ImmediateBackend",
        )
    }
}

# Webhooks: how long one delivery may take, how often and how patiently it is retried
# (RETRY_DELAY seconds, doubling each time), the largest body sent; plain http and loopback
# receivers only in development (production refuses private and link-local addresses).
WEBHOOK_TIMEOUT = float(os.environ.get("WEBHOOK_TIMEOUT", 5))
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", 8))
WEBHOOK_RETRY_DELAY = float(os.environ.get("WEBHOOK_RETRY_DELAY", 30))
WEBHOOK_MAX_BODY_BYTES = int(os.environ.get("WEBHOOK_MAX_BODY_BYTES", 512 * 1024))
WEBHOOK_ALLOW_LOOPBACK = env_bool("WEBHOOK_ALLOW_LOOPBACK", not PRODUCTION)

# --- The register -------------------------------------------------------------------------------

REGISTRY_NUMBER_PREFIX = os.environ.get("REGISTRY_NUMBER_PREFIX", "UR")
REGISTRY_TERM_YEARS = int(os.environ.get("REGISTRY_TERM_YEARS", 5))
# Renewal is applied for from RENEWAL_OPENS_DAYS before the end of the term until
# RENEWAL_GRACE_DAYS after it; representatives are reminded EXPIRY_REMINDER_DAYS before it.
RENEWAL_OPENS_DAYS = int(os.environ.get("RENEWAL_OPENS_DAYS", 180))
RENEWAL_GRACE_DAYS = int(os.environ.get("RENEWAL_GRACE_DAYS", 90))
EXPIRY_REMINDER_DAYS = (90, 30, 7)
# Named on the automatic suspension of an entry whose origin document has lapsed.
ORIGIN_LAPSE_LEGAL_BASIS = os.environ.get("ORIGIN_LAPSE_LEGAL_BASIS", "")
# The statutory review period of each kind of application, in days from its submission, and
# how many days before that due date the reviewing registrars are reminded.
REVIEW_PERIOD_DAYS = {"include": 30, "amend": 30, "withdraw": 15, "renew": 30}
REVIEW_REMINDER_DAYS = int(os.environ.get("REVIEW_REMINDER_DAYS", 3))

# Category slugs (subcategories included) on which the registrars of both states decide; in
# every other category each state's ministry decides on its own manufacturers only.
JOINT_DECISION_CATEGORIES = env_list("JOINT_DECISION_CATEGORIES", [])
DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_BYTES", 20 * 1024 * 1024))
# An image with more pixels than this is refused (a scan at 600 dpi of A3 is ~70 million).
DOCUMENT_MAX_PIXELS = int(os.environ.get("DOCUMENT_MAX_PIXELS", 80_000_000))
# A request body larger than this is refused before it is read (HTTP 413).
REQUEST_MAX_BYTES = int(os.environ.get("REQUEST_MAX_BYTES", DOCUMENT_MAX_BYTES + 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Register extracts and open data -------------------------------------------------------------

# The Ed25519 key extracts are signed with: base64 of its 32-byte seed, or a file (PEM or base64).
# Development generates one in var/; production must configure one (`manage.py check --deploy`).
EXTRACT_SIGNING_KEY = os.environ.get("EXTRACT_SIGNING_KEY", "")
EXTRACT_SIGNING_KEY_FILE = os.environ.get("EXTRACT_SIGNING_KEY_FILE", "")
EXTRACT_DEVELOPMENT_KEY_FILE = None if PRODUCTION else VAR_DIR / "extract-signing-key"
# The standard PDF signature (PAdES) of extracts: an RSA or ECDSA key (PEM PKCS#8) and its
# X.509 certificate (PEM, optionally followed by its chain). Development issues itself one in var/.
EXTRACT_PDF_KEY_FILE = os.environ.get("EXTRACT_PDF_KEY_FILE", "")
EXTRACT_PDF_CERTIFICATE_FILE = os.environ.get("EXTRACT_PDF_CERTIFICATE_FILE", "")
EXTRACT_DEVELOPMENT_PDF_KEY_FILE = None if PRODUCTION else VAR_DIR / "extract-pdf-signing.pem"
# Public keys (base64) of earlier signing keys: extracts they signed still verify.
EXTRACT_RETIRED_PUBLIC_KEYS = env_list("EXTRACT_RETIRED_PUBLIC_KEYS", [])
# Bills of materials checked at once, per client and window, on the page and the API alike.
BOM_RATE_LIMIT = int(os.environ.get("BOM_RATE_LIMIT", 20))
# Subscriptions to searches asked for per client an hour (each sends a confirmation e-mail).
SUBSCRIBE_RATE_LIMIT = int(os.environ.get("SUBSCRIBE_RATE_LIMIT", 10))
BOM_RATE_WINDOW = int(os.environ.get("BOM_RATE_WINDOW", 600))
EXTRACT_RATE_LIMIT = int(os.environ.get("EXTRACT_RATE_LIMIT", 30))
EXTRACT_RATE_WINDOW = int(os.environ.get("EXTRACT_RATE_WINDOW", 3600))
# Password reset requests per hour: for one e-mail address, and from one client.
PASSWORD_RESET_RATE_WINDOW = 3600
PASSWORD_RESET_RATE_PER_EMAIL = int(os.environ.get("PASSWORD_RESET_RATE_PER_EMAIL", 3))
PASSWORD_RESET_RATE_PER_CLIENT = int(os.environ.get("PASSWORD_RESET_RATE_PER_CLIENT", 10))
# Where the public finds the register (https://…): links in extracts, open data and e-mails.
REGISTER_PUBLIC_URL = os.environ.get("REGISTER_PUBLIC_URL", "").rstrip("/")
# The public entry page: the catalogue's page (products) with the register's blocks filled in.
ENTRY_PAGE_TEMPLATE = "registry/entry_detail.html"

# --- Operations: /healthz and /metrics -----------------------------------------------------------

# /healthz fails when the oldest due background task has waited longer than this (no worker),
# or when the disk holding MEDIA_ROOT has less room than this.
HEALTH_TASK_MAX_WAIT = int(os.environ.get("HEALTH_TASK_MAX_WAIT", 900))
HEALTH_MEDIA_MIN_FREE_MB = int(os.environ.get("HEALTH_MEDIA_MIN_FREE_MB", 500))
# /metrics answers these addresses or networks (the client's, behind TRUSTED_PROXY_COUNT
# proxies), or a request with "Authorization: Bearer METRICS_TOKEN"; anyone else gets a 404.
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", ["127.0.0.1", "::1"])
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")

# Every line carries the id of the request it was written for (X-Request-ID); JSON, one object
# a line, in production or with LOG_FORMAT=json; readable text for `make run`.
LOG_FORMAT = os.environ.get("LOG_FORMAT") or ("json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "registry.operations.requestid.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "registry.operations.logformat.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Django's own default handler for these prints bare lines beside ours; one handler only.
    "loggers": {"django": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
