"""Settings for the dialogue project, read from the environment.

SQLite under var/ is the default; set DATABASE_URL for PostgreSQL.
Secrets may also come from files: SECRET_KEY_FILE, DATABASE_URL_FILE.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env(name, default=None):
    """Read NAME from the environment, or from the file named by NAME_FILE."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = env(name)
    return int(value) if value not in (None, "") else default


DEBUG = env_bool("DEBUG", False)
# With DEBUG on, the Vietnamese error pages are shown as in production (a demo must not show a clerk
# Django's English technical pages); TECHNICAL_ERROR_PAGES=1 brings the technical pages back.
TECHNICAL_ERROR_PAGES = DEBUG and env_bool("TECHNICAL_ERROR_PAGES", False)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "directory",
    "sessions_app",
    "petitions",
    "reception",
    "conclusions",
    # The session's own documents: programme, minutes, the leader's briefing pack.
    "proceedings",
    # The citizen's side: the commune's public page and the status lookup (no sign-in).
    "public",
    "notifications",
    # The roof: what spans the apps above (dashboard, reports, personal data, backup, demo data).
    "office",
    # Trust: sign-in throttling, two-factor sign-in, Content-Security-Policy.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    # Field-level change history of business records (who, when, what changed).
    "simple_history",
    # The task queue (huey): long work, mail and the reminder schedule run in `manage.py run_huey`.
    "huey.contrib.djhuey",
]

MIDDLEWARE = [
    # With DEBUG on, a host not allowed answers the Vietnamese 400 page (see ErrorPagesMiddleware).
    "dialogue.middleware.HostCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the body: an oversized upload is refused before it reaches a temporary file.
    "dialogue.middleware.RequestSizeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "dialogue.middleware.SessionGuardMiddleware",
    # Lets the history tables record which signed-in user made each change.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "directory.middleware.ActiveCommuneMiddleware",
    "dialogue.middleware.NoStoreMiddleware",
    # The Vietnamese error pages, also under DEBUG (make run); a refused delete names what protects it.
    "dialogue.middleware.ErrorPagesMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dialogue.urls"
# A refused CSRF token answers the Vietnamese 403 page, not Django's English one.
CSRF_FAILURE_VIEW = "dialogue.views.csrf_failure"

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
                "directory.context_processors.communes",
                "notifications.context_processors.bell",
            ],
            "builtins": ["dialogue.templatetags.vn", "dialogue.templatetags.urlcache"],
        },
    }
]

WSGI_APPLICATION = "dialogue.wsgi.application"
ASGI_APPLICATION = "dialogue.asgi.application"

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH", str(VAR_DIR / "dialogue.sqlite3")),
            "OPTIONS": {
                # WAL lets readers work while a clerk writes; IMMEDIATE takes the
                # write lock at BEGIN so two writers queue instead of failing.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Sign-in throttling (django-axes): failures count per username AND address together, so one
# clerk's typos do not lock out the whole office behind one shared address.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_USERNAME_FORM_FIELD = "username"
# Behind a reverse proxy, CLIENT_IP_HEADER names the header it sets (e.g. HTTP_X_FORWARDED_FOR).
CLIENT_IP_HEADER = env("CLIENT_IP_HEADER", "")
AXES_CLIENT_IP_CALLABLE = "dialogue.middleware.client_ip"

# Session lifetime: idle timeout and absolute lifetime (dialogue.middleware.SessionGuardMiddleware).
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_MINUTES", 60) * 60
SESSION_ABSOLUTE_LIFETIME = env_int("SESSION_ABSOLUTE_HOURS", 10) * 3600

# The largest request body accepted (dialogue.middleware.RequestSizeMiddleware); above every upload cap (10 MB).
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_MB", 25) * 1024 * 1024

# Two-factor sign-in (django-otp TOTP), optional for leaders and administrators.
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "Đối thoại với Nhân dân")

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
# Vietnamese for the admin strings Django's vi catalog lacks ("Skip to main content", …).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True
FORMAT_MODULE_PATH = ["dialogue.formats"]
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Bootstrap arrives from PyPI (xstatic-bootstrap); it is served under /static/bootstrap/.
try:
    import xstatic.pkg.bootstrap as _xs_bootstrap

    STATICFILES_DIRS.append(("bootstrap", _xs_bootstrap.BASE_DIR))
except ImportError:  # pragma: no cover - requirements always install it
    pass
WHITENOISE_USE_FINDERS = True
# Files browsers ask for at the site's root (/favicon.ico), served by WhiteNoise in production and runserver alike.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# HTTPS: on by default when DEBUG is off (check --deploy passes); each can be turned off by env
# when a reverse proxy already does it. SECURE_PROXY_SSL_HEADER: set SECURE_PROXY_SSL_HEADER=1
# only behind a proxy that sets X-Forwarded-Proto itself.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp 4): no inline script or style anywhere; QR codes are data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Personal data (Law 91/2025/QH15): petitions closed longer ago than this are anonymised by
# `manage.py anonymise_closed_petitions` (run it daily from cron). Default: 5 years.
PERSONAL_DATA_RETENTION_DAYS = env_int("PERSONAL_DATA_RETENTION_DAYS", 1826)
# History is a record, not an undo button: the admin may not revert an object to an old version.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Where generated documents (PDFs) and uploads go.
DOCUMENTS_DIR = VAR_DIR / "documents"

# PDF fonts: a Times-metric serif with full Vietnamese coverage (Debian fonts-liberation2).
PDF_FONT_FAMILY = env("PDF_FONT_FAMILY", "Liberation Serif")
# Page margins (top right bottom left) of Party documents: Guide 36's ranges are not
# confirmed for this office (domain.md §4), so they are a setting.
PARTY_PAGE_MARGINS = env("PARTY_PAGE_MARGINS", "20mm 15mm 20mm 30mm")
if not re.fullmatch(r"(\d+(\.\d+)?mm\s+){3}\d+(\.\d+)?mm", PARTY_PAGE_MARGINS.strip()):
    raise ImproperlyConfigured("PARTY_PAGE_MARGINS: four lengths in mm, e.g. '20mm 15mm 20mm 30mm'.")
# The site's own address, printed in the check-in QR codes of invitation letters.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Public pages (public/): how long a browser or proxy may keep the commune page, and how many
# status lookups one address may make per window.
PUBLIC_PAGE_MAX_AGE = env_int("PUBLIC_PAGE_MAX_AGE", 300)
PUBLIC_LOOKUP_LIMIT = env_int("PUBLIC_LOOKUP_LIMIT", 20)
PUBLIC_LOOKUP_WINDOW = env_int("PUBLIC_LOOKUP_WINDOW_SECONDS", 600)
# Online opinions before a session (when the commune takes them): per address per hour, and per
# session per day.
PUBLIC_ONLINE_LIMIT = env_int("PUBLIC_ONLINE_LIMIT", 5)
PUBLIC_ONLINE_PER_SESSION_DAY = env_int("PUBLIC_ONLINE_PER_SESSION_DAY", 200)
# The public page cache and the lookup counters: set REDIS_URL so that every web worker shares
# them through Redis; without it the counters live in the database (public/throttle.py), still
# shared, and each process caches pages on its own.
REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Đối thoại với Nhân dân <khong-tra-loi@localhost>")

# Text messages (notifications/channels.py): "off", "file" (VAR_DIR/messages.log, the default in
# development) or "gateway": a JSON POST to MESSAGE_GATEWAY_URL, as an SMS provider
# (MESSAGE_GATEWAY_KIND=sms) or Zalo ZNS template messages (zalo, with ZALO_TEMPLATE_ID) expect.
MESSAGE_BACKEND = env("MESSAGE_BACKEND", "file" if DEBUG else "off")
MESSAGE_GATEWAY_URL = env("MESSAGE_GATEWAY_URL", "")
MESSAGE_GATEWAY_TOKEN = env("MESSAGE_GATEWAY_TOKEN", "")
MESSAGE_GATEWAY_KIND = env("MESSAGE_GATEWAY_KIND", "sms")
MESSAGE_GATEWAY_TIMEOUT = env_int("MESSAGE_GATEWAY_TIMEOUT", 10)
ZALO_TEMPLATE_ID = env("ZALO_TEMPLATE_ID", "")
if MESSAGE_BACKEND not in ("off", "file", "gateway"):
    raise ImproperlyConfigured("MESSAGE_BACKEND: off, file or gateway.")
if MESSAGE_GATEWAY_KIND not in ("sms", "zalo"):
    raise ImproperlyConfigured("MESSAGE_GATEWAY_KIND: sms or zalo.")

# Text messages (notifications/channels.py): "off", "file" (VAR_DIR/messages.log, the default in
# development) or "gateway": a JSON POST to MESSAGE_GATEWAY_URL, as an SMS provider
# (MESSAGE_GATEWAY_KIND=sms) or Zalo ZNS template messages (zalo, with ZALO_TEMPLATE_ID) expect.
MESSAGE_BACKEND = env("MESSAGE_BACKEND", "file" if DEBUG else "off")
MESSAGE_GATEWAY_URL = env("MESSAGE_GATEWAY_URL", "")
MESSAGE_GATEWAY_TOKEN = env("MESSAGE_GATEWAY_TOKEN", "")
MESSAGE_GATEWAY_KIND = env("MESSAGE_GATEWAY_KIND", "sms")
MESSAGE_GATEWAY_TIMEOUT = env_int("MESSAGE_GATEWAY_TIMEOUT", 10)
ZALO_TEMPLATE_ID = env("ZALO_TEMPLATE_ID", "")
if MESSAGE_BACKEND not in ("off", "file", "gateway"):
    raise ImproperlyConfigured("MESSAGE_BACKEND: off, file or gateway.")
if MESSAGE_GATEWAY_KIND not in ("sms", "zalo"):
    raise ImproperlyConfigured("MESSAGE_GATEWAY_KIND: sms or zalo.")

# The task queue (huey, `manage.py run_huey`): SQLite under VAR_DIR by default (no extra service,
# one machine); TASK_QUEUE_URL=redis://host:6379/N runs the same tasks on Redis, with workers on
# as many machines as needed. TASK_QUEUE_IMMEDIATE=1 runs each task inside the caller (tests).
TASK_QUEUE_URL = env("TASK_QUEUE_URL", "")
_huey_common = {
    "name": env("TASK_QUEUE_NAME", "dialogue"),
    "immediate": env_bool("TASK_QUEUE_IMMEDIATE", False),
    "utc": True,
    "consumer": {"workers": env_int("TASK_QUEUE_WORKERS", 2), "worker_type": "thread"},
}
if TASK_QUEUE_URL.startswith(("redis://", "rediss://", "unix://")):
    HUEY = {**_huey_common, "huey_class": "huey.RedisHuey", "url": TASK_QUEUE_URL}
elif TASK_QUEUE_URL:
    raise ImproperlyConfigured("TASK_QUEUE_URL: a redis:// address, or empty for the SQLite queue under VAR_DIR.")
else:
    HUEY = {**_huey_common, "huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "tasks.sqlite3")}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        "huey": {"level": env("TASK_QUEUE_LOG_LEVEL", "INFO")},
    },
}
