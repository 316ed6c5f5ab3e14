"""Settings: safe defaults, the environment's overrides, a secret generated on first run."""

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


def test_defaults_are_the_embedded_mode(tmp_path):
    defaults = config.default_settings(tmp_path)
    assert defaults["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'festival.db'}"
    assert defaults["REDIS_URL"] is None
    assert defaults["SESSION_COOKIE_HTTPONLY"] is True
    assert defaults["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_environment_switches_proxy_trust_on_and_start_up_upgrades_off():
    settings = config.environment_settings({"BEHIND_PROXY": "1", "AUTO_UPGRADE_DATABASE": "0"})
    assert settings["BEHIND_PROXY"] is True
    assert settings["AUTO_UPGRADE_DATABASE"] is False
    assert "BEHIND_PROXY" not in config.environment_settings({"BEHIND_PROXY": ""})
