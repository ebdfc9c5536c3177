import subprocess
import sys

import pytest

from aurora_app.core.config import ConfigError, Settings, normalise_database_url

pytestmark = pytest.mark.no_db


def test_defaults_are_embedded(monkeypatch, tmp_path):
    for var in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "AURORA_ENV"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)  # no .env here
    s = Settings()
    assert s.DATABASE_URL == "sqlite:///aurora.db"
    assert s.REDIS_URL is None
    assert s.ALGORITHM == "HS256"
    assert s.ACCESS_TOKEN_EXPIRE_MINUTES == 30
    assert s.CNPJ_CACHE_TTL_SECONDS == 86400
    assert len(s.SECRET_KEY) >= 32  # generated once for development


def test_dev_secret_is_stable(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("AURORA_ENV", "development")
    assert Settings().SECRET_KEY == Settings().SECRET_KEY


@pytest.mark.parametrize(
    "url, expected",
    [
        ("postgresql://u:p@h:5432/db", "postgresql+psycopg2://u:p@h:5432/db"),
        ("postgres://u@h/db", "postgresql+psycopg2://u@h/db"),
        ("postgresql+psycopg2://u@h/db", "postgresql+psycopg2://u@h/db"),
        ("sqlite:///aurora.db", "sqlite:///aurora.db"),
    ],
)
def test_postgres_urls_use_psycopg2(url, expected):
    assert normalise_database_url(url) == expected


@pytest.mark.parametrize("secret", [None, "", "changeme", "short-secret"])
def test_production_refuses_missing_or_default_secret(monkeypatch, secret):
    monkeypatch.setenv("AURORA_ENV", "production")
    if secret is None:
        monkeypatch.delenv("SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("SECRET_KEY", secret)
    with pytest.raises((ConfigError, ValueError), match="SECRET_KEY"):
        Settings()


def test_production_accepts_a_long_random_secret(monkeypatch):
    monkeypatch.setenv("AURORA_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "k" * 16 + "Q9v2Lm7Xp4Rt8Zw1Yb6N")
    assert Settings().is_production


def test_production_start_exits_non_zero_with_clear_message(tmp_path):
    env = {"AURORA_ENV": "production", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-c", "from aurora_app.core.config import get_settings; get_settings()"],
        env=env, capture_output=True, text=True, cwd=str(tmp_path),
        check=False,
    )
    # cwd has no aurora_app: run from the project instead, but with an empty .env-free cwd for settings
    if "ModuleNotFoundError" in proc.stderr:
        import aurora_app

        proc = subprocess.run(
            [sys.executable, "-c", "from aurora_app.core.config import get_settings; get_settings()"],
            env={**env, "PYTHONPATH": str(__import__("pathlib").Path(aurora_app.__file__).parents[1])},
            capture_output=True, text=True, cwd=str(tmp_path), check=False,
        )
    assert proc.returncode == 2
    assert "SECRET_KEY" in proc.stderr
    assert "Traceback" not in proc.stderr
