"""Backup and restore of PostgreSQL, as deploy/README.md tells the operator to do it:
``pg_dump -Fc`` of a migrated database with the demo data, ``pg_restore --clean --if-exists
--no-owner`` into a new database, and the app's own view of the copy is the same.

Runs on the machine's PostgreSQL (DATABASE_URL's server when it is PostgreSQL, else
``postgresql://postgres@127.0.0.1:5432``) in two throwaway databases, dropped at the end.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL, make_url

from aurora_app.core.config import normalise_database_url
from tests.conftest import BASE_DATABASE_URL, IS_PG, migrate

pytestmark = pytest.mark.no_db
ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"


def _server() -> URL:
    raw = BASE_DATABASE_URL if IS_PG else os.environ.get("AURORA_BACKUP_PG_URL", DEFAULT_SERVER)
    return make_url(normalise_database_url(raw))


def _libpq(url: URL) -> list[str]:
    args = ["-h", url.host or "127.0.0.1", "-p", str(url.port or 5432), "-U", url.username or "postgres"]
    return args


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(normalise_database_url(url))
    try:
        with engine.connect() as conn:
            tables = sorted(inspect(conn).get_table_names())
            counts = {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables}
            counts["alembic_version:" + conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()] = 1
            counts["sum(lead.valor)"] = int(
                conn.execute(text("SELECT coalesce(sum(valor), 0) * 100 FROM lead")).scalar_one()
            )
        return counts
    finally:
        engine.dispose()


@pytest.fixture
def databases() -> tuple[URL, str, str]:
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump/pg_restore not installed (Debian: postgresql-client-15)")
    server = _server()
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - no server here: say so
        admin.dispose()
        pytest.skip(f"no PostgreSQL at {server.render_as_string()}: {exc.__class__.__name__}")
    names = [f"aurora_bk_{os.getpid()}_{uuid.uuid4().hex[:6]}_{s}" for s in ("src", "dst")]
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server, *(server.set(database=n).render_as_string(hide_password=False) for n in names)
    finally:
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_pg_dump_e_pg_restore_ida_e_volta(databases, tmp_path: Path) -> None:  # noqa: ANN001
    server, origem, destino = databases
    migrate(origem)
    env = {
        **os.environ,
        "DATABASE_URL": origem,
        "AURORA_ENV": "development",
        "LOG_DIR": str(tmp_path / "logs"),
        "SECRET_KEY": "backup-test-" + "k" * 40,
        "CHROMA_PATH": str(tmp_path / "chroma"),
    }
    env.pop("REDIS_URL", None)
    seed = subprocess.run(
        [sys.executable, "-m", "aurora_app.cli", "seed-demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert seed.returncode == 0, seed.stdout + seed.stderr
    antes = _counts(origem)
    assert antes["cliente"] > 0 and antes["lead"] > 0 and antes["interacao"] > 0, antes

    dump = tmp_path / "aurora.dump"
    src = make_url(origem)
    subprocess.run(
        ["pg_dump", *_libpq(server), "-Fc", "--no-owner", "-d", src.database, "-f", str(dump)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert dump.stat().st_size > 10_000

    # Restore as the guide says (--clean --if-exists also serves a restore over a live database).
    dst = make_url(destino)
    restore = subprocess.run(
        [
            "pg_restore",
            *_libpq(server),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--exit-on-error",
            "-d",
            dst.database,
            str(dump),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert restore.returncode == 0, restore.stderr
    assert _counts(destino) == antes

    # The app accepts the copy as it is: migrations have nothing to do.
    env["DATABASE_URL"] = destino
    init = subprocess.run(
        [sys.executable, "-m", "aurora_app.cli", "init-db"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert init.returncode == 0, init.stdout + init.stderr
    assert _counts(destino) == antes
