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
    assert {"usuario", "cliente", "lead", "interacao", "auditoria"} <= set(
        inspect(create_engine(url)).get_table_names()
    )
    engine.dispose()


def _include(obj, name, type_, reflected, compare_to):
    return not (type_ == "index" and reflected and name and name.endswith(("_trgm", "_palavras")))  # expression indexes


def test_live_cnpj_unique_only_among_live_rows(fresh_world):
    engine = create_engine(normalise_database_url(fresh_world))
    insert = text(
        "INSERT INTO cliente (cnpj, razao_social, busca, criado_em, atualizado_em, versao, removido_em) "
        "VALUES ('11222333000181', 'A', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1, :rem)"
    )
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


def test_0007_encrypts_plain_totp_secrets_and_keeps_related_rows(fresh_world):
    import pyotp

    from aurora_app.core import crypto
    from aurora_app.core.db import reset_engine
    from aurora_app.services import auth

    url = normalise_database_url(fresh_world)
    command.downgrade(_cfg(url), "0006")
    secret = pyotp.random_base32(length=32)
    engine = create_engine(url)
    now = "2026-12-01 12:00:00"
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO usuario (id, email, nome, papel, ativo, senha_hash, totp_secret, totp_ativo, totp_falhas, "
                "falhas_login, tokens_validos_desde, criado_em, atualizado_em) VALUES "
                "(1, 'a@aurora.dev', 'A', 'admin', true, 'x', :s, true, 0, 0, :t, :t, :t), "
                "(2, 'b@aurora.dev', 'B', 'vendedor', true, 'x', NULL, false, 0, 0, :t, :t, :t)"
            ),
            {"s": secret, "t": now},
        )
        conn.execute(
            text("INSERT INTO codigo_recuperacao (usuario_id, codigo_hash, criado_em) VALUES (1, 'h', :t)"), {"t": now}
        )
        conn.execute(
            text(
                "INSERT INTO cliente (cnpj, razao_social, busca, criado_em, atualizado_em, versao, responsavel_id) "
                "VALUES ('11222333000181', 'A', '', :t, :t, 1, 1)"
            ),
            {"t": now},
        )
    engine.dispose()

    command.upgrade(_cfg(url), "head")
    engine = create_engine(url)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT totp_secret FROM usuario WHERE id = 1")).scalar_one()
        assert conn.execute(text("SELECT totp_secret FROM usuario WHERE id = 2")).scalar_one() is None
        # Recreating the table on SQLite must neither cascade nor lose the case-insensitive unique email.
        assert conn.execute(text("SELECT count(*) FROM codigo_recuperacao")).scalar_one() == 1
        assert conn.execute(text("SELECT responsavel_id FROM cliente")).scalar_one() == 1
    import pytest
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO usuario (email, nome, papel, ativo, senha_hash, totp_ativo, totp_falhas, falhas_login, "
                "tokens_validos_desde, criado_em, atualizado_em) "
                "VALUES ('A@Aurora.dev', 'X', 'admin', true, 'x', false, 0, 0, :t, :t, :t)"
            ),
            {"t": now},
        )
    engine.dispose()
    assert secret not in stored and crypto.is_encrypted(stored) and crypto.decrypt(stored) == secret
    reset_engine()
    assert auth.verify_second_factor(user_id=1, code=pyotp.TOTP(secret).now(), ctx=None, purpose="teste") == "totp"

    command.downgrade(_cfg(url), "0006")  # back to plain text, then forward again
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT totp_secret FROM usuario WHERE id = 1")).scalar_one() == secret
    engine.dispose()
    command.upgrade(_cfg(url), "head")
