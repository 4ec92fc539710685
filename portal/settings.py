"""Settings for the Commissioning Portal, read from the environment (and `.env`, which `make run` writes).

See README.md, "Configuration", for every variable.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

COUNCIL_NAME = env.str("COUNCIL_NAME", default="Cheshire East Council")
SERVICE_NAME = "Commissioning Portal"
# The portal's address, for links in emails sent outside a request (e.g. FPS notifications).
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
# The FPS's OCDS export: its ocids start with this prefix. This default is a placeholder: a real prefix
# ("ocds-" and six characters) is registered with the OCDS Data Support team (data@open-contracting.org).
FPS_OCID_PREFIX = env.str("FPS_OCID_PREFIX", default="ocds-cheshire-east-fps")
# FPS: the least time providers have to bid (publishing to deadline), and whether an evaluator may decide
# an application they evaluated (small teams; the decision records that they did).
FPS_MINIMUM_BID_HOURS = env.int("FPS_MINIMUM_BID_HOURS", default=72)
FPS_EVALUATOR_MAY_DECIDE = env.bool("FPS_EVALUATOR_MAY_DECIDE", default=False)
# Who answers for the portal's accessibility (the accessibility statement names it).
ACCESSIBILITY_CONTACT_EMAIL = env.str("ACCESSIBILITY_CONTACT_EMAIL", default="commissioning@example.gov.uk")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.forms",
    "django_filters",
    "django_tables2",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "portal",
    "commissioning.providers",
    "commissioning.carers",
    "commissioning.fps",
    "commissioning.contracts",
    "commissioning.market",
    "committees",
    "funding",
    "scorecard",
]

# Change reasons are text: a reason a form accepts (500, 2,000 characters or more) always fits its history
# row. A 100-character column turned long reasons into a database error and a false "service unavailable".
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that can fail (sessions, sign-in): an error page always has a real script nonce.
    "csp.middleware.CSPMiddleware",
    # Permissions-Policy everywhere; no-store on pages with personal data (portal/middleware.py).
    "portal.middleware.SecurityHeadersMiddleware",
    # NUL characters and undecodable bytes in paths, queries and forms: 400 before any view.
    "portal.middleware.BadInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # The second sign-in step (portal/mfa.py): after sign-in is known, before any view runs.
    "portal.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # django-axes must come last: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.context_processors.portal",
            ],
            "builtins": [
                "portal.templatetags.govuk",
                "portal.templatetags.components",
                "commissioning.fps.templatetags.fps_deadlines",
                "django.contrib.humanize.templatetags.humanize",
            ],
        },
    }
]
# Django forms render as GOV.UK form groups through this one renderer (templates/forms/govuk/).
FORM_RENDERER = "portal.forms.GOVUKFormRenderer"

# Database: DATABASE_URL if set; otherwise the embedded PostgreSQL server under var/pg/ (portal/db.py).
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    from portal.db import embedded_database_settings

    DATABASES = {"default": embedded_database_settings(env.str("PORTAL_DB_NAME", default="portal"))}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "signed-out"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # also the life of an invitation link: three days
# Password reset emails: at most this many an hour to one address, and requests from one IP address.
PASSWORD_RESET_LIMIT_PER_EMAIL = env.int("PASSWORD_RESET_LIMIT_PER_EMAIL", default=3)
PASSWORD_RESET_LIMIT_PER_IP = env.int("PASSWORD_RESET_LIMIT_PER_IP", default=20)

# Login lockout (django-axes): five failures for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)

# The second sign-in step (django-otp, portal/mfa.py, docs/adr/023): authenticator apps show the council's
# name; five wrong codes (app and recovery codes together) lock the step for 15 minutes.
OTP_TOTP_ISSUER = f"{COUNCIL_NAME} Commissioning Portal"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
MFA_FAILURE_LIMIT = env.int("MFA_FAILURE_LIMIT", default=5)
MFA_LOCKOUT = timedelta(minutes=env.int("MFA_LOCKOUT_MINUTES", default=15))

# Sessions end after eight hours (a working day) or when the browser closes, whichever comes first.
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Transport security: on unless DEBUG. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=true.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4): our own origin only; the one inline script carries a nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# A form sent twice or too late gets a GOV.UK page with a way back, not Django's bare 403.
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

# Email: console in development; EMAIL_URL (e.g. smtp+tls://user:password@smtp.example.org:587) in production.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"{SERVICE_NAME} <no-reply@example.gov.uk>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# The source tree's static/ (absent from an installed wheel, which serves what collectstatic gathered).
STATICFILES_DIRS = [path for path in [BASE_DIR / "static"] if path.is_dir()]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Background work (django-tasks): the database backend, so any web process may enqueue and a separate
# `python manage.py db_worker` process runs the jobs (the agenda pack: committees/tasks.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Uploaded files are private: outside static/, served only through views that check access.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")

DJANGO_TABLES2_TEMPLATE = "components/table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "govuk-table"}

# Demo data (python manage.py load_demo): users are made only with DEBUG on, or with --allow-production.
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="")

# Carers hub (commissioning/carers/): retention, the online form's rate limit, the scorecard's population.
CARERS_RETENTION_YEARS = env.int("CARERS_RETENTION_YEARS", default=6)
CARERS_FORM_RATE_LIMIT = env.int("CARERS_FORM_RATE_LIMIT", default=5)  # online referrals per address
CARERS_FORM_RATE_WINDOW_MINUTES = env.int("CARERS_FORM_RATE_WINDOW_MINUTES", default=60)
# The hour (UK time) at which the task worker runs the daily jobs (portal/daily.py).
DAILY_JOBS_HOUR = env.int("DAILY_JOBS_HOUR", default=6)
CARERS_HUB_EMAIL = env.str("CARERS_HUB_EMAIL", default="carers-hub@example.gov.uk")
CARERS_POPULATION = env.int("CARERS_POPULATION", default=386_700)  # Cheshire East, mid-2020 estimate
# Text messages to carers: "console" (development) or "memory" (tests); see commissioning/carers/texts.py.
CARERS_TEXT_BACKEND = env.str("CARERS_TEXT_BACKEND", default="console")
# The national returns (ADR 052): the council's code, and the key of the pseudonymous person ids.
CARERS_LA_CODE = env.str("CARERS_LA_CODE", default="E06000049")
CARERS_PSEUDONYM_KEY = env.str("CARERS_PSEUDONYM_KEY", default="")

# Scorecard (scorecard/): RAG is amber when a measure misses its target by no more than this percentage
# of the target; uploads larger than this are refused.
SCORECARD_AMBER_TOLERANCE_PERCENT = env.float("SCORECARD_AMBER_TOLERANCE_PERCENT", default=5.0)
SCORECARD_IMPORT_MAX_BYTES = env.int("SCORECARD_IMPORT_MAX_BYTES", default=2 * 1024 * 1024)

# Funding (funding/): the finance team's mailbox, told (with every finance officer) when a provider accepts
# or refuses an allocation online; the licence of the 360Giving open data (OGL v3 unless set).
FUNDING_FINANCE_EMAIL = env.str("FUNDING_FINANCE_EMAIL", default="")
OPEN_DATA_LICENSE_URL = env.str(
    "OPEN_DATA_LICENSE_URL",
    default="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "filters": {"forbidden_without_traceback": {"()": "portal.logfilters.ForbiddenWithoutTraceback"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"filters": ["forbidden_without_traceback"]},
        "pgserver": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
