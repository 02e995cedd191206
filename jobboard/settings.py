"""All settings come from the environment, read here and nowhere else."""

from email.utils import parseaddr
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
_INSECURE_KEY = "dev-insecure-key-change-me"
SECRET_KEY = env.str("SECRET_KEY", default=_INSECURE_KEY)
SECRET_KEY_MIN_LENGTH = 50
if not DEBUG and (SECRET_KEY == _INSECURE_KEY or len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH):
    # Production must never sign sessions, cursors or query tokens with a public or guessable key; 50 characters
    # is what Django's own deploy check (security.W009) asks for.
    raise ImproperlyConfigured(
        f"Set SECRET_KEY to a random value of at least {SECRET_KEY_MIN_LENGTH} characters "
        "(python3 -c 'import secrets; print(secrets.token_urlsafe(50))'), or DEBUG=1 for local development."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# HTTPS: on by default whenever DEBUG is off, each one switchable from the environment (bin/with-services turns
# the redirect and the secure cookies off, because the test servers speak plain http on localhost).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# The app runs behind a TLS-terminating proxy (docs/operations.md), which says "https" in X-Forwarded-Proto;
# without trusting it, SECURE_SSL_REDIRECT would redirect forever. Turn it off only when nothing sits in front of
# the app that sets (and strips client-sent) X-Forwarded-Proto.
if env.bool("SECURE_PROXY_SSL_HEADER", default=not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = []
if not SECURE_HSTS_PRELOAD:
    # security.W021 asks for HSTS preload, which hard-codes the domain and every subdomain as HTTPS-only into
    # browsers, for months, beyond our reach to undo: an operator's deliberate choice (SECURE_HSTS_PRELOAD=1),
    # never a default. Silenced only while preload is off, which is that choice made.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "plumbing",
    "companies",
    "jobs",
    "offers",
    "jobboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "jobboard.middleware.security_headers",
    "csp.middleware.CSPMiddleware",
    "jobboard.middleware.text_charset_required",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Behind TRUSTED_PROXY_COUNT proxies (each appending the address it saw to X-Forwarded-For, as nginx's
# $proxy_add_x_forwarded_for does), the client is that many entries from the header's right end; entries further
# left are whatever the client sent. The login throttle and the apply limit count per client address, so without
# this every client behind the proxy would share one counter. Off by default: with no proxy in front, trusting the
# header would let anyone pick their own address.
TRUSTED_PROXY_COUNT = max(0, env.int("TRUSTED_PROXY_COUNT", default=0))
if TRUSTED_PROXY_COUNT:
    MIDDLEWARE.insert(0, "xff.middleware.XForwardedForMiddleware")
    XFF_TRUSTED_PROXY_DEPTH = TRUSTED_PROXY_COUNT

# Content-Security-Policy on every response (django-csp): scripts, styles and images come from this site only, so
# no inline script, inline style or injected markup runs or fetches elsewhere; nothing may frame the site or send
# its forms to another. A page that needs more widens its own policy with csp.decorators.csp_update (the company
# logo pages, the API docs), never this one.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

ROOT_URLCONF = "jobboard.urls"
WSGI_APPLICATION = "jobboard.wsgi.application"

TEMPLATES = [
    {
        # Django's backend; a rendered page never holds text the response encoder refuses (jobboard/templating.py).
        "BACKEND": "jobboard.templating.TextSafeTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Persistent connections outside DEBUG: opening a PostgreSQL connection per request cost cheap endpoints 2-6x their
# throughput (bin/bench); CONN_HEALTH_CHECKS below replaces one the database dropped.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
# With persistent connections, a connection the database dropped (a restart, a failover) is noticed and replaced
# before a request uses it, instead of failing that request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default must serve a small team's concurrent writes without "database is locked": WAL lets
    # readers run beside the writer; IMMEDIATE takes the write lock when a transaction begins, so a waiting
    # writer queues on the busy timeout instead of failing at its first write (a deferred transaction that read
    # first cannot wait: SQLite refuses its upgrade to a write at once).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
# Seconds any Redis call from a web request may wait (connect, then each reply): a Redis that hangs delays a request
# by this much, never holds it. Its users fail open: see "Faults" in docs/operations.md.
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=1.0)
# Counting views of posting pages and apply clicks (plumbing/counting.py); off, the charts show no new views.
COUNT_POSTING_VISITS = env.bool("COUNT_POSTING_VISITS", default=True)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": REDIS_SOCKET_TIMEOUT, "socket_timeout": REDIS_SOCKET_TIMEOUT},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

LOGIN_URL = "dashboard-login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "dashboard-login"
# Password-reset mail goes to the console unless an operator configures a real backend.
# One URL says where mail goes: consolemail:// (the default: printed, as bin/dev shows it), smtp+tls://user:pw@host:587
# (STARTTLS), smtp+ssl:// (TLS from the start), filemail:///path. EMAIL_BACKEND, when set, names any backend.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
# Seconds each SMTP step may take; without it a mail server that stops answering holds a worker forever.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
if env.str("EMAIL_BACKEND", default=""):
    EMAIL_BACKEND = env.str("EMAIL_BACKEND")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="jobs@localhost")
# Where a company writes about a block (shown beside the admin's reason); the sender's address unless set.
SUPPORT_EMAIL = env.str("SUPPORT_EMAIL", default=parseaddr(DEFAULT_FROM_EMAIL)[1] or "support@localhost")
SITE_NAME = env.str("SITE_NAME", default="Job board")
# Where links in mail point (no trailing slash): mail is also sent by tasks, where there is no request to ask.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "UNAUTHENTICATED_USER": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Job board API",
    "DESCRIPTION": "Partner jobs API (/api/external/v1/) and offers API (/api/).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "PartnerJobTypeEnum": "jobs.api.serializers.PARTNER_JOB_TYPES",
        "OfferJobTypeEnum": "offers.models.JOB_TYPES",
        # The job's status keeps its name now that applications have a status too.
        "StatusEnum": "jobs.choices.JobStatus.values",
        "ApplicationStatusEnum": "jobs.api.applications.APPLICATION_STATUSES",
        "WebhookEventEnum": "jobs.api.webhooks.WEBHOOK_EVENTS",
        "WebhookDeliveryStatusEnum": "jobs.api.webhooks.WEBHOOK_DELIVERY_STATUSES",
    },
}

# Product rules that operators may tune.
PARTNER_RATE_LIMIT_PER_MINUTE = env.int("PARTNER_RATE_LIMIT_PER_MINUTE", default=60)
# How many connections the expiry sweep writes through at once (PostgreSQL); each keeps one database core busy.
# One by default: on a 2-core host two sweepers took the sweep from 21 s to 16 s for a million jobs but left
# partner writes during it twice as slow (p95 32 -> 61 ms, bin/bench --sweep). Raise it where the database has
# cores to spare; each sweeper holds a database connection of its own while the sweep runs.
SWEEP_CONNECTIONS = max(1, env.int("SWEEP_CONNECTIONS", default=1))
CURRENT_EMPLOYER_TERMS_VERSION = env.str("CURRENT_EMPLOYER_TERMS_VERSION", default="2026-01")
# Offers API god mode (empty: off). A set token must be long enough not to be guessed, so a short one stops the
# start rather than quietly leaving the admin powers behind a weak secret, or quietly switching them off.
GOD_TOKEN = env.str("GOD_TOKEN", default="")
GOD_TOKEN_MIN_LENGTH = 32
if GOD_TOKEN and len(GOD_TOKEN.strip()) < GOD_TOKEN_MIN_LENGTH:
    raise ImproperlyConfigured(
        f"GOD_TOKEN must be at least {GOD_TOKEN_MIN_LENGTH} characters "
        "(python3 -c 'import secrets; print(secrets.token_urlsafe(32))'), or empty to turn god mode off."
    )
# Webhook endpoints may point at private, loopback or link-local addresses only when this is on (local runs, tests).
WEBHOOK_ALLOW_PRIVATE_URLS = env.bool("WEBHOOK_ALLOW_PRIVATE_URLS", default=False)

# Celery: a real broker only when Redis is configured; otherwise tasks run in-process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A Redis that hangs must not hold a web request that hands a webhook delivery to the broker (a delivery the broker
# did not take is sent by the beat's pass): replies wait 5 s at most (above the worker's 1 s BRPOP), tried twice.
# The visibility timeout is how long a task a lost worker had taken stays invisible before another worker gets it;
# it must stay above the longest countdown (companies.tasks.COUNTDOWN_MAX_SECONDS, 600 s).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": 5,
    "socket_connect_timeout": 5,
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
