"""Settings for the job board: one module, driven by the environment.

Debug is off unless ``DJANGO_DEBUG=1`` is in the environment: a deployment that forgets the
variable fails safe (and refuses to start without a real ``DJANGO_SECRET_KEY``). Development
needs no variable all the same: ``make install`` writes a git-ignored ``.env`` with
``DJANGO_DEBUG=1`` that ``manage.py`` and the bench scripts read (``config/dotenv.py``); the
WSGI and ASGI entry points (gunicorn) and the tests never read it. With debug off the module
turns on secure cookies, HSTS and the HTTPS redirect.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.cache_url import cache_config
from config.email_url import email_config
from config.tasks_url import tasks_config

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated environment variable into a list."""
    value = os.environ.get(name, "")
    items = [part.strip() for part in value.split(",") if part.strip()]
    return items or default


DEBUG = env_bool("DJANGO_DEBUG", False)

_DEV_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to a long random value when DJANGO_DEBUG is off "
            "(debug is off unless DJANGO_DEBUG=1; for development, `make install` writes a .env "
            "that manage.py reads)."
        )
    SECRET_KEY = _DEV_SECRET_KEY
elif not DEBUG and (SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not a real secret key: use at least 50 random characters."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # Trigram lookups for possible duplicates on PostgreSQL (jobs.duplicates); nothing on SQLite.
    "django.contrib.postgres",
    "django_filters",
    "django_countries",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "config",
    "jobs",
    "careers",
    "api",
    "alerts",
    "linkcheck",
    "clicks",
    # The embedded task queue (TASKS_URL unset): config/tasks_url.py.
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: the request id and one log line per request, whatever answers it.
    "config.logs.RequestLogMiddleware",
    "config.security.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "config.security.LoginRateLimitMiddleware",
    # django-axes last: it answers a locked-out login with the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "config.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# The web entry points (config/wsgi.py, config/asgi.py, manage.py runserver) set
# DJANGO_WEB_PROCESS=1: their queries get a statement timeout, commands and imports do not.
WEB_PROCESS = env_bool("DJANGO_WEB_PROCESS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # One process per query: a web server runs many requests at once, and a query fanned out
    # to parallel workers took two more cores from the others (measured in bench/README.md).
    parallel_workers = int(os.environ.get("DJANGO_DB_PARALLEL_WORKERS", "0"))
    server_options = [f"-c max_parallel_workers_per_gather={parallel_workers}"]
    statement_timeout = int(os.environ.get("DJANGO_DB_STATEMENT_TIMEOUT_MS", "5000"))
    if WEB_PROCESS and statement_timeout > 0:
        # A request never waits on one query longer than this (gunicorn's own timeout is 30 s).
        server_options.append(f"-c statement_timeout={statement_timeout}")
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "options": " ".join(server_options),
            # An unreachable database host fails fast instead of hanging the request.
            "connect_timeout": int(os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", "3")),
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (runserver, a management command) may write at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Seconds a visitor is asked to wait (Retry-After of the 503 page) while the database cannot be
# reached (config.views.server_error).
DATABASE_OUTAGE_RETRY_AFTER = int(os.environ.get("DJANGO_DB_OUTAGE_RETRY_AFTER", "5"))

# Django's cache framework, and with it the page cache (config/page_cache.py): CACHE_URL
# (config/cache_url.py), by default files under var/cache/ shared by the worker processes.
CACHES = {
    "default": cache_config(
        os.environ.get("CACHE_URL"),
        BASE_DIR / "var" / "cache",
        key_prefix=os.environ.get("CACHE_KEY_PREFIX", ""),
    )
}

# Background work (Django's Tasks framework: alerts/tasks.py): TASKS_URL (config/tasks_url.py),
# by default a queue in the database worked by `manage.py db_worker`.
TASKS, RQ_QUEUES, _task_apps = tasks_config(os.environ.get("TASKS_URL", "").strip() or None)
INSTALLED_APPS += _task_apps

# Mail (alerts): EMAIL_URL (config/email_url.py), by default files under var/mail/ in
# development.
MAILERS = {
    "default": email_config(
        os.environ.get("EMAIL_URL", "").strip() or None, BASE_DIR / "var" / "mail", DEBUG
    )
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "AI Jobs Board <alerts@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Subscriptions to alerts (alerts/views.py): per client address, and confirmation emails per
# email address ("N/s", "N/min", "N/hour", "N/day"; 0: no limit).
ALERTS_CLIENT_RATE_LIMIT = os.environ.get("ALERTS_CLIENT_RATE_LIMIT", "10/hour")
ALERTS_ADDRESS_RATE_LIMIT = os.environ.get("ALERTS_ADDRESS_RATE_LIMIT", "3/day")

# Read replicas: DATABASE_REPLICA_URLS, comma-separated, each a PostgreSQL streaming replica
# of DATABASE_URL. Public pages rendered for visitors read them (config/db_router.py); every
# write, the admin, the imports and editors' pages use the primary. In tests each replica is
# Django's mirror of the test database.
READ_REPLICAS = []
for _number, _url in enumerate(
    (url.strip() for url in os.environ.get("DATABASE_REPLICA_URLS", "").split(",")), start=1
):
    if not _url:
        continue
    _alias = f"replica_{_number}"
    DATABASES[_alias] = dj_database_url.parse(
        _url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True
    )
    DATABASES[_alias]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}
    READ_REPLICAS.append(_alias)
DATABASE_ROUTERS = ["config.db_router.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Argon2 for new and changed passwords; older hashes still verify and are upgraded to Argon2 at
# the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# Login protection (config/security.py). django-axes locks a user name, and separately a
# client address, after AXES_FAILURE_LIMIT failed logins, for AXES_COOLOFF_TIME; while locked,
# the right password is refused too, and each new attempt starts the cool-off again.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = min(10, max(1, int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "config.security.locked_out"
AXES_CLIENT_IP_CALLABLE = "config.security.client_ip"
AXES_RESET_ON_SUCCESS = True
# The proxies whose X-Forwarded-For is believed (nginx's address), as gunicorn's
# FORWARDED_ALLOW_IPS; addresses or networks, comma-separated.
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES", ["127.0.0.1", "::1"])
# Posts to the admin's login form per client address per minute (0: no limit).
LOGIN_RATE_LIMIT = int(os.environ.get("DJANGO_LOGIN_RATE_LIMIT", "20"))
# Editors' sessions last a working day.
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_HOURS", "8")) * 3600

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names in production (needs collectstatic); plain files in
        # development so that runserver needs no build step.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}

# Content Security Policy, in every mode: the site's own origin only, no inline code except
# an element that carries the request's nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
}

# Health checks come over plain http from the load balancer or the orchestrator: never
# redirected to https.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$", r"^readyz$"]

X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Static files are for the site's own pages (no Access-Control-Allow-Origin: *).
WHITENOISE_ALLOW_ALL_ORIGINS = False
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
# Browser features no page of the site uses (config.security.SecurityHeadersMiddleware).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "sync-xhr",
        "usb",
        "xr-spatial-tracking",
        "interest-cohort",
        "browsing-topics",
    ]
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Logs (config/logs.py): one JSON line per request and per error, with the request's id, when
# debug is off (DJANGO_LOG_FORMAT=json|text to choose); errors with their traceback.
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "config.logs.JsonFormatter"},
        "text": {
            "()": "config.logs.TextFormatter",
            "format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        # One line per request (DJANGO_REQUEST_LOG_LEVEL=WARNING silences them).
        "jobboard.requests": {"level": os.environ.get("DJANGO_REQUEST_LOG_LEVEL", "INFO")},
        # Django logs each 4xx on django.request too: the request line already says it.
        "django.request": {"level": "ERROR"},
    },
}

# Error reports to Sentry (or a compatible service) when SENTRY_DSN is set: unhandled errors
# and ERROR log records, without personal data (no cookies, no user, no request bodies).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "").strip()
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    from config.sentry import scrub_event

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration()],
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        before_send=scrub_event,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )

# The public read API (api/, README "API"): anonymous, read-only JSON; requests per client
# address (config.security.client_ip), e.g. "120/min" ("s", "min", "hour", "day"); 0: no limit.
API_RATE_LIMIT = os.environ.get("DJANGO_API_RATE_LIMIT", "120/min").strip() or "120/min"
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.ReadOnly"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ClientRateThrottle"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": False,
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "AI Jobs Board API",
    "DESCRIPTION": "Read-only, anonymous: the board's listings, companies and salary figures.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # Swagger UI's files from drf-spectacular-sidecar, served as the site's static files.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"SeniorityEnum": "jobs.choices.Seniority"},
}

SITE_NAME = "AI Jobs Board"
SITE_TAGLINE = "Jobs and career guides for people in AI, ML and data"
# Where absolute links (feeds, sitemaps, canonical URLs) point when no request is at hand.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The outbound HTTP client (core/outbound.py: the link checker, "Add from a job page"): how it
# names itself, and whether loopback addresses may be fetched. Only tests allow loopback (the
# pytest ``settings`` fixture), to reach the servers they start; it is never read from the
# environment, and private ranges stay refused either way.
OUTBOUND_USER_AGENT = (
    os.environ.get("OUTBOUND_USER_AGENT", "").strip()
    or f"AIJobsBoard/1.0 (+{SITE_URL}; link checker)"
)
OUTBOUND_ALLOW_LOOPBACK = False

# Dead apply links (linkcheck/, `manage.py check_apply_links`): how many listings are checked at
# once (never more than one request at a time to one host), the pause in seconds between two
# requests to one host, each request's timeout in seconds, who gets the daily email (empty: the
# active staff users with an email address who may change listings), and whether a listing
# whose link broke is expired at once (never by default: an editor decides).
LINKCHECK_CONCURRENCY = max(1, int(os.environ.get("LINKCHECK_CONCURRENCY", "4")))
LINKCHECK_HOST_DELAY = max(0.0, float(os.environ.get("LINKCHECK_HOST_DELAY", "1")))
LINKCHECK_TIMEOUT = max(1.0, float(os.environ.get("LINKCHECK_TIMEOUT", "10")))
LINKCHECK_NOTIFY_EMAILS = env_list("LINKCHECK_NOTIFY_EMAILS", [])
LINKCHECK_UNPUBLISH_BROKEN = env_bool("LINKCHECK_UNPUBLISH_BROKEN", False)

# A published listing expires this many days after publication unless an editor says otherwise.
JOB_DEFAULT_DURATION_DAYS = int(os.environ.get("JOB_DEFAULT_DURATION_DAYS", "30"))
