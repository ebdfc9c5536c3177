"""A fresh world per test, on SQLite by default or on PostgreSQL when DATABASE_URL says so.

- SQLite: one migrated template file per session, copied for each test.
- PostgreSQL: one throwaway database per session (created from DATABASE_URL's server),
  migrated once, truncated before each test; dropped at the end.
- Redis (when REDIS_URL is set): a key prefix per test keeps tests and parallel runs apart.
"""

from __future__ import annotations

import itertools
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from aurora_app.core.cache import reset_backends
from aurora_app.core.config import normalise_database_url, reset_settings_cache
from aurora_app.core.db import reset_engine

BASE_DATABASE_URL = os.environ.get("DATABASE_URL", "")
BASE_REDIS_URL = os.environ.get("REDIS_URL", "")
IS_PG = BASE_DATABASE_URL.startswith(("postgresql", "postgres"))
_counter = itertools.count()

TEST_PASSWORD = "Correta-Cavalo-Bateria-9"


def migrate(url: str) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config(str(Path(__file__).resolve().parents[1] / "alembic.ini"))
    cfg.attributes["url"] = normalise_database_url(url)
    command.upgrade(cfg, "head")


def _apply_env(monkeypatch: pytest.MonkeyPatch | None, **values: str | None) -> None:
    for key, value in values.items():
        if value is None:
            if monkeypatch:
                monkeypatch.delenv(key, raising=False)
            else:
                os.environ.pop(key, None)
        elif monkeypatch:
            monkeypatch.setenv(key, value)
        else:
            os.environ[key] = value
    reset_settings_cache()
    reset_engine()
    reset_backends()


@pytest.fixture(scope="session")
def test_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The session's database: a migrated SQLite template, or a throwaway PostgreSQL database."""
    os.environ.setdefault("SECRET_KEY", "test-secret-key-" + "x" * 40)
    os.environ["AURORA_ENV"] = "test"
    os.environ["LOG_DIR"] = str(tmp_path_factory.mktemp("logs"))
    if IS_PG:
        server = make_url(normalise_database_url(BASE_DATABASE_URL))
        name = f"aurora_t_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = server.set(database=name).render_as_string(hide_password=False)
        migrate(url)
        yield url
        reset_engine()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    else:
        template = tmp_path_factory.mktemp("db") / "template.db"
        migrate(f"sqlite:///{template}")
        yield f"sqlite:///{template}"


TABLES = (
    "ai_outbox, ai_feedback, auditoria, interacao, lead, contato, cliente, codigo_recuperacao, token_revogado, usuario"
)


@pytest.fixture(autouse=True)
def fresh_world(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    """Every test starts from an empty, migrated database and an empty cache namespace."""
    if request.node.get_closest_marker("no_db"):
        yield ""
        return
    base = request.getfixturevalue("test_database")
    if IS_PG:
        url = base
        engine = create_engine(normalise_database_url(url))
        with engine.begin() as conn:
            extra = conn.execute(
                text(
                    "SELECT string_agg(quote_ident(tablename), ', ') FROM pg_tables WHERE schemaname='public' AND tablename <> 'alembic_version'"
                )
            ).scalar()
            conn.execute(text(f"TRUNCATE {extra or TABLES} RESTART IDENTITY CASCADE"))
        engine.dispose()
    else:
        db_file = tmp_path / "aurora.db"
        shutil.copyfile(base.removeprefix("sqlite:///"), db_file)
        url = f"sqlite:///{db_file}"
    _apply_env(
        monkeypatch,
        DATABASE_URL=url,
        REDIS_URL=BASE_REDIS_URL or None,
        REDIS_PREFIX=f"t{os.getpid()}-{next(_counter)}-{uuid.uuid4().hex[:6]}",
        CHROMA_PATH=str(tmp_path / "chroma"),
        CHROMA_URL=None,
        AI_EMBEDDING="hash",  # fast and deterministic; tests/ai_core use the real default too
    )
    _reset_ai()
    yield url
    reset_engine()
    reset_backends()


def _reset_ai() -> None:
    from aurora_app.ai_core.store import reset_clients

    reset_clients()


@pytest.fixture(scope="session", autouse=True)
def no_downloading_embedding() -> Iterator[None]:
    """Chroma's default embedding downloads a model (and fails offline): any use fails the test."""
    from chromadb.utils import embedding_functions as ef

    def refuse(*_args, **_kwargs):
        raise AssertionError("Chroma's downloading default embedding was used: pass our instance explicitly")

    saved = {cls: cls.__call__ for cls in (ef.DefaultEmbeddingFunction, ef.ONNXMiniLM_L6_V2)}
    for cls in saved:
        cls.__call__ = refuse
    yield
    for cls, call in saved.items():
        cls.__call__ = call


@pytest.fixture
def make_user() -> Callable[..., object]:
    """Creates a user through the service; returns its UsuarioRead (password: TEST_PASSWORD)."""
    from tests.builders import usuario_com_senha

    return usuario_com_senha


@pytest.fixture
def token_for() -> Callable[..., str]:
    """A token as the login would issue it (``amr`` says whether 2FA was passed)."""
    from tests.builders import token

    return token


@pytest.fixture
def auth_headers() -> Callable[..., dict[str, str]]:
    from tests.builders import headers

    return headers


@pytest.fixture
def client():
    from fastapi.testclient import TestClient

    from aurora_app.api import build_api

    with TestClient(build_api(), raise_server_exceptions=False) as c:
        yield c
