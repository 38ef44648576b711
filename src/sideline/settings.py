"""The one settings module. Everything a deployment changes comes from SIDELINE_* variables."""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url

from sideline.lib.env import EnvError, env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("SIDELINE_VAR_DIR", "var") or "var").resolve()


def _secret_key() -> str:
    """SIDELINE_SECRET_KEY, or a key generated once and kept in var/ so sessions survive restarts."""
    key = env_str("SIDELINE_SECRET_KEY")
    if key:
        if len(key) < 32:
            raise EnvError("SIDELINE_SECRET_KEY must be at least 32 characters long")
        return key
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key


def _database() -> dict[str, object]:
    url = env_str("SIDELINE_DATABASE_URL")
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{VAR_DIR / 'sideline.sqlite3'}"
    if not url.startswith(("sqlite:", "postgres://", "postgresql://", "pgsql://")):
        raise EnvError(f"SIDELINE_DATABASE_URL={url!r}: only sqlite:/// and postgres:// URLs are supported")
    config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the web server read while a long import writes; IMMEDIATE avoids lock upgrades.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        config["CONN_MAX_AGE"] = 0
    config["TEST"] = {"NAME": None}
    return config


SECRET_KEY = _secret_key()
DEBUG = env_bool("SIDELINE_DEBUG", False)
ALLOWED_HOSTS = env_list("SIDELINE_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list(
    "SIDELINE_CSRF_TRUSTED_ORIGINS", ["http://127.0.0.1:8000", "http://localhost:8000"]
)
SITE_URL = (env_str("SIDELINE_SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "sideline.schools",
    "sideline.triage",
    "sideline.calendars",
    "sideline.coaching",
    "sideline.delegation",
    "sideline.volunteers",
    "sideline.leadership",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sideline.schools.middleware.SchoolTimezoneMiddleware",
]

ROOT_URLCONF = "sideline.urls"
WSGI_APPLICATION = "sideline.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sideline.schools.context.navigation",
            ],
        },
    }
]

DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SIDELINE_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Email: with no SIDELINE_EMAIL_HOST, messages are printed to the console (development).
EMAIL_HOST = env_str("SIDELINE_EMAIL_HOST", "") or ""
EMAIL_PORT = env_int("SIDELINE_EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("SIDELINE_EMAIL_USER", "") or ""
EMAIL_HOST_PASSWORD = env_str("SIDELINE_EMAIL_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("SIDELINE_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("SIDELINE_EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise EnvError("SIDELINE_EMAIL_USE_TLS and SIDELINE_EMAIL_USE_SSL cannot both be on")
EMAIL_TIMEOUT = env_int("SIDELINE_EMAIL_TIMEOUT", 20, minimum=1)
DEFAULT_FROM_EMAIL = env_str("SIDELINE_EMAIL_FROM", "Sideline <sideline@localhost>")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

# Triage: the sentence-embedding half of the model (falls back to the word model when unavailable).
SIDELINE_TRIAGE_EMBEDDINGS = env_bool("SIDELINE_TRIAGE_EMBEDDINGS", True)
# While the combined model has never been fitted on this machine (minutes): "wait" for it, or answer with the
# word model meanwhile and fit it in a "background" thread (the web server), or not at all ("word-model").
SIDELINE_TRIAGE_COLD_STARTS = ("wait", "background", "word-model")
SIDELINE_TRIAGE_COLD_START = env_str("SIDELINE_TRIAGE_COLD_START", "wait")
if SIDELINE_TRIAGE_COLD_START not in SIDELINE_TRIAGE_COLD_STARTS:
    *_first, _last = SIDELINE_TRIAGE_COLD_STARTS
    raise EnvError(
        f"SIDELINE_TRIAGE_COLD_START={SIDELINE_TRIAGE_COLD_START!r}: use {', '.join(_first)} or {_last}"
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
