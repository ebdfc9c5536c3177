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
    monkeypatch.setenv("DATA_ENCRYPTION_KEY", DATA_KEY)
    assert Settings().is_production


def test_production_start_exits_non_zero_with_clear_message(tmp_path):
    env = {"AURORA_ENV": "production", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-c", "from aurora_app.core.config import get_settings; get_settings()"],
        env=env,
        capture_output=True,
        text=True,
        cwd=str(tmp_path),
        check=False,
    )
    # cwd has no aurora_app: run from the project instead, but with an empty .env-free cwd for settings
    if "ModuleNotFoundError" in proc.stderr:
        import aurora_app

        proc = subprocess.run(
            [sys.executable, "-c", "from aurora_app.core.config import get_settings; get_settings()"],
            env={**env, "PYTHONPATH": str(__import__("pathlib").Path(aurora_app.__file__).parents[1])},
            capture_output=True,
            text=True,
            cwd=str(tmp_path),
            check=False,
        )
    assert proc.returncode == 2
    assert "SECRET_KEY" in proc.stderr
    assert "Traceback" not in proc.stderr


DATA_KEY = "rJ9cZ2m1x8S4nq0C3v7bW5eT6yU2iO1pA9sD8fG7hJk="
GOOD_SECRET = "k" * 16 + "Q9v2Lm7Xp4Rt8Zw1Yb6N"


def test_production_refuses_to_start_without_a_data_key(monkeypatch):
    monkeypatch.setenv("AURORA_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", GOOD_SECRET)
    monkeypatch.delenv("DATA_ENCRYPTION_KEY", raising=False)
    with pytest.raises(ConfigError, match="DATA_ENCRYPTION_KEY ausente"):
        Settings()
    monkeypatch.setenv("DATA_ENCRYPTION_KEY", " , ")
    with pytest.raises(ConfigError, match="DATA_ENCRYPTION_KEY ausente"):
        Settings()


@pytest.mark.parametrize("env", ["production", "development"])
@pytest.mark.parametrize("value", ["not-a-key", "A" * 44, DATA_KEY[:-2], f"{DATA_KEY},uma-chave-velha-quebrada"])
def test_invalid_data_key_is_refused_without_echoing_it(monkeypatch, env, value):
    monkeypatch.setenv("AURORA_ENV", env)
    monkeypatch.setenv("SECRET_KEY", GOOD_SECRET)
    monkeypatch.setenv("DATA_ENCRYPTION_KEY", value)
    with pytest.raises(ConfigError, match="DATA_ENCRYPTION_KEY inválida") as exc:
        Settings()
    assert value.split(",")[-1] not in str(exc.value)


def test_data_key_must_differ_from_secret_key(monkeypatch):
    monkeypatch.setenv("AURORA_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", DATA_KEY)
    monkeypatch.setenv("DATA_ENCRYPTION_KEY", DATA_KEY)
    with pytest.raises(ConfigError, match="diferente da SECRET_KEY"):
        Settings()


def test_production_accepts_a_rotating_pair(monkeypatch):
    from cryptography.fernet import Fernet

    monkeypatch.setenv("AURORA_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", GOOD_SECRET)
    new = Fernet.generate_key().decode()
    monkeypatch.setenv("DATA_ENCRYPTION_KEY", f" {new} , {DATA_KEY} ")
    assert Settings().DATA_ENCRYPTION_KEY == f"{new},{DATA_KEY}"


def test_dev_data_key_is_stable_and_valid(monkeypatch):
    from cryptography.fernet import Fernet

    monkeypatch.delenv("DATA_ENCRYPTION_KEY", raising=False)
    monkeypatch.setenv("AURORA_ENV", "development")
    key = Settings().DATA_ENCRYPTION_KEY
    assert key == Settings().DATA_ENCRYPTION_KEY
    Fernet(key)  # a real key, so `make run` and the tests can encrypt


def test_production_without_data_key_exits_non_zero_with_clear_message(tmp_path):
    import aurora_app

    env = {
        "AURORA_ENV": "production",
        "SECRET_KEY": GOOD_SECRET,
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PYTHONPATH": str(__import__("pathlib").Path(aurora_app.__file__).parents[1]),
    }
    proc = subprocess.run(
        [sys.executable, "-c", "from aurora_app.core.config import get_settings; get_settings()"],
        env=env,
        capture_output=True,
        text=True,
        cwd=str(tmp_path),
        check=False,
    )
    assert proc.returncode == 2
    assert "DATA_ENCRYPTION_KEY ausente" in proc.stderr and "Traceback" not in proc.stderr
