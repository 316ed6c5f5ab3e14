"""Settings: safe embedded defaults, then `instance/config.py`, then the environment."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ENVIRONMENT_SETTINGS = (
    "DATABASE_URL",
    "REDIS_URL",
    "MEDIA_ROOT",
    "SMTP_URL",
    "MAIL_FROM",
    "SECRET_KEY",
    "SERVER_NAME",
    "SITE_URL",
    "PREFERRED_URL_SCHEME",
    "RATELIMIT_STORAGE_URI",
    "MEDIA_ACCEL",
    "MEDIA_ACCEL_PREFIX",
    "MEDIA_STORAGE",
    "S3_ENDPOINT_URL",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_REGION",
)

# On/off settings the environment may give as 1/0, true/false, yes/no or on/off.
SWITCH_SETTINGS = ("BEHIND_PROXY", "AUTO_UPGRADE_DATABASE")
SWITCH_WORDS = {
    **dict.fromkeys(("1", "true", "yes", "on"), True),
    **dict.fromkeys(("0", "false", "no", "off"), False),
}

LANGUAGES = ("en", "ko")
LANGUAGE_NAMES = {"en": "English", "ko": "한국어"}


def default_settings(instance_path: Path) -> dict:
    return {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance_path / 'festival.db'}",
        "REDIS_URL": None,
        "HUEY_SQLITE_PATH": str(instance_path / "queue.db"),
        "MEDIA_ROOT": str(instance_path / "media"),
        "MEDIA_ACCEL": None,
        "MEDIA_ACCEL_PREFIX": "/protected-media/",
        "MEDIA_STORAGE": None,  # or s3://bucket[/prefix]: ready media moves there
        "S3_ENDPOINT_URL": None,
        "AWS_ACCESS_KEY_ID": None,
        "AWS_SECRET_ACCESS_KEY": None,
        "AWS_REGION": None,
        "MEDIA_URL_LIFETIME_S": 300,
        "SMTP_URL": None,
        "MAIL_FROM": "festival@localhost",
        "SITE_URL": "http://127.0.0.1:5000",
        "LANGUAGES": LANGUAGES,
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        # Redis (the limits' storage) down: count in each process's memory meanwhile, so
        # sign-in stays open and still limited rather than failing.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "LOGIN_RATE_LIMIT": "10 per minute",
        "API_RATE_LIMIT": "300 per minute",  # calls of one API token
        "API_ANONYMOUS_RATE_LIMIT": "120 per minute",  # API calls of one address without one
        "PASSWORD_RESET_MAX_AGE_S": 2 * 3600,
        "INVITATION_MAX_AGE_S": 14 * 24 * 3600,
        "REGISTRATION_MAX_AGE_S": 24 * 3600,
        "AUTO_UPGRADE_DATABASE": True,
        "BEHIND_PROXY": False,
        "JOB_HEARTBEAT_TIMEOUT_S": 120,
        "JOB_MAX_ATTEMPTS": 3,
        "DEMO_SCREENER_SECONDS": 30,
        "JOB_RETRY_DELAY_S": 30,
        "JOB_QUEUED_TIMEOUT_S": 900,
        # How often a worker looks for due periodic tasks (the reaper among them). Huey's own
        # is 60; shorter (for tests) runs a task due in a minute once per look in that minute.
        "JOB_PERIODIC_CHECK_S": 60,
        "MEDIA_MIN_FREE_BYTES": 1024**3,  # /healthz reports the media disk below this
        "INGEST_QUEUE_LIMIT": 8,  # screener versions ingesting or waiting before "busy"
        "JOB_TASK_MODULES": (),  # besides the app's own TASK_MODULES (tests add theirs)
        "MAIL_MAX_ATTEMPTS": 12,
        "SMTP_TIMEOUT_S": 30,
    }


def environment_settings(environ: os._Environ | dict) -> dict:
    settings = {name: environ[name] for name in ENVIRONMENT_SETTINGS if environ.get(name)}
    if "DATABASE_URL" in settings:
        settings["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(settings.pop("DATABASE_URL"))
    if not settings.get("MEDIA_STORAGE", "s3://").startswith("s3://"):
        raise ValueError("MEDIA_STORAGE must be s3://bucket[/prefix] (or unset: MEDIA_ROOT)")
    if "REDIS_URL" in settings and "RATELIMIT_STORAGE_URI" not in settings:
        settings["RATELIMIT_STORAGE_URI"] = settings["REDIS_URL"]
    for name in SWITCH_SETTINGS:
        value = SWITCH_WORDS.get(environ.get(name, "").strip().lower())
        if value is not None:
            settings[name] = value
    if settings.get("PREFERRED_URL_SCHEME") == "https":
        settings["SESSION_COOKIE_SECURE"] = True
        settings["REMEMBER_COOKIE_SECURE"] = True
    return settings


def normalise_database_url(url: str) -> str:
    """Let `postgres://` and `postgresql://` URLs use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def instance_secret_key(instance_path: Path) -> str:
    """Read the secret key kept in `instance/`, generating it on first run."""
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return key_file.read_text().strip()
