"""Settings: safe defaults, the environment's overrides, a secret generated on first run."""

import pytest

from festival import config


def test_secret_key_is_generated_once_and_kept_private(tmp_path):
    first = config.instance_secret_key(tmp_path)
    assert len(first) >= 48
    assert config.instance_secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_environment_selects_postgresql_redis_and_https_cookies():
    settings = config.environment_settings(
        {
            "DATABASE_URL": "postgres://festival:pw@db.internal/festival",
            "REDIS_URL": "redis://queue.internal:6379/0",
            "PREFERRED_URL_SCHEME": "https",
        }
    )
    assert settings["SQLALCHEMY_DATABASE_URI"] == (
        "postgresql+psycopg://festival:pw@db.internal/festival"
    )
    assert settings["RATELIMIT_STORAGE_URI"] == "redis://queue.internal:6379/0"
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["REMEMBER_COOKIE_SECURE"] is True


def test_environment_puts_media_in_a_bucket_and_refuses_another_scheme():
    environ = {
        "MEDIA_STORAGE": "s3://festival-media/2027",
        "S3_ENDPOINT_URL": "https://s3.example.org",
        "AWS_ACCESS_KEY_ID": "key",
        "AWS_SECRET_ACCESS_KEY": "secret",
        "AWS_REGION": "eu-central-1",
    }
    assert config.environment_settings(environ) == environ
    with pytest.raises(ValueError, match="s3://"):
        config.environment_settings({"MEDIA_STORAGE": "/mnt/media"})


def test_defaults_are_the_embedded_mode(tmp_path):
    defaults = config.default_settings(tmp_path)
    assert defaults["MEDIA_STORAGE"] is None
    assert defaults["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'festival.db'}"
    assert defaults["REDIS_URL"] is None
    assert defaults["SESSION_COOKIE_HTTPONLY"] is True
    assert defaults["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_environment_switches_proxy_trust_on_and_start_up_upgrades_off():
    settings = config.environment_settings({"BEHIND_PROXY": "1", "AUTO_UPGRADE_DATABASE": "0"})
    assert settings["BEHIND_PROXY"] is True
    assert settings["AUTO_UPGRADE_DATABASE"] is False
    assert "BEHIND_PROXY" not in config.environment_settings({"BEHIND_PROXY": ""})
