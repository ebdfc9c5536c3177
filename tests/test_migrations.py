"""Migrations run up and down on the session's database (SQLite, or PostgreSQL in CI)."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlmodel import SQLModel

import aurora_app.models  # noqa: F401
from aurora_app.core.config import PROJECT_ROOT, normalise_database_url


def _cfg(url: str) -> Config:
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.attributes["url"] = url
    return cfg


def test_upgrade_matches_models_then_downgrade_and_up_again(fresh_world):
    url = normalise_database_url(fresh_world)
    engine = create_engine(url)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": _include})
        diff = compare_metadata(ctx, SQLModel.metadata)
    assert diff == []
    command.downgrade(_cfg(url), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    command.upgrade(_cfg(url), "head")
    assert {"usuario", "cliente", "lead", "interacao", "auditoria"} <= set(inspect(create_engine(url)).get_table_names())
    engine.dispose()


def _include(obj, name, type_, reflected, compare_to):
    return not (type_ == "index" and reflected and name and name.endswith(("_trgm", "_palavras")))  # expression indexes


def test_live_cnpj_unique_only_among_live_rows(fresh_world):
    engine = create_engine(normalise_database_url(fresh_world))
    insert = text("INSERT INTO cliente (cnpj, razao_social, busca, criado_em, atualizado_em, versao, removido_em) "
                  "VALUES ('11222333000181', 'A', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1, :rem)")
    with engine.begin() as conn:
        conn.execute(insert, {"rem": None})
    import pytest
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(insert, {"rem": None})
    with engine.begin() as conn:
        conn.execute(text("UPDATE cliente SET removido_em = CURRENT_TIMESTAMP"))
        conn.execute(insert, {"rem": None})  # the CNPJ is free again after a soft delete
    engine.dispose()


def test_auditoria_is_append_only(fresh_world):
    import pytest
    from sqlalchemy.exc import DatabaseError

    engine = create_engine(normalise_database_url(fresh_world))
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO auditoria (acao, criado_em) VALUES ('x', CURRENT_TIMESTAMP)"))
    for stmt in ("UPDATE auditoria SET acao = 'y'", "DELETE FROM auditoria"):
        with pytest.raises(DatabaseError), engine.begin() as conn:
            conn.execute(text(stmt))
    engine.dispose()
