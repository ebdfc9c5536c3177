"""Engine and sessions. Only services (and the CLI/migrations) open sessions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import Engine, event, text
from sqlmodel import Session, create_engine

from aurora_app.core.config import get_settings
from aurora_app.models.base import palavras


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()
            # The words of a search text, as PostgreSQL's aurora_palavras (migration 0005).
            dbapi_conn.create_function("aurora_palavras", 1, palavras, deterministic=True)

        return engine
    settings = get_settings()
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=settings.DB_POOL_SIZE,
        max_overflow=settings.DB_MAX_OVERFLOW,
        pool_timeout=settings.DB_POOL_TIMEOUT,
        # A refused or unreachable server fails fast (503 banco_indisponivel), not after minutes.
        connect_args={"connect_timeout": 5},
    )


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().DATABASE_URL)


def reset_engine() -> None:
    """Tests swap DATABASE_URL; drop the cached engine with its pool."""
    if get_engine.cache_info().currsize:
        get_engine().dispose()
    get_engine.cache_clear()


@contextmanager
def session_scope() -> Iterator[Session]:
    """One use case, one transaction: commit on success, roll back on error."""
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except Exception:
            session.rollback()
            raise


def ping_database(timeout_s: float = 1.0) -> None:
    """Raises when the database cannot answer a trivial query."""
    with get_engine().connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text(f"SET LOCAL statement_timeout = {int(timeout_s * 1000)}"))
        conn.execute(text("SELECT 1"))
