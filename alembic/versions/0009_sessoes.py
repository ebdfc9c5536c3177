"""Active sessions, temporary passwords set by an admin, system entries in the timeline

- ``sessao``: one row per issued access token (who, when, IP, user agent, last seen, ended),
  listed on /conta/seguranca and ``GET /api/v1/auth/sessoes``.
- ``usuario.senha_temporaria_ate``: an admin reset the password; the next login must choose a
  new one (nullable column: a plain ``ADD COLUMN`` on SQLite too, no table copy).
- ``interacao.sistema``: timeline entries the system writes (stage change, conversion,
  reassignment); ``NOT NULL DEFAULT false`` so existing rows are user entries.

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

from aurora_app.models.base import UTCDateTime

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sessao",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jti", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("usuario_id", sa.Integer(), nullable=False),
        sa.Column("criado_em", UTCDateTime(), nullable=False),
        sa.Column("expira_em", UTCDateTime(), nullable=False),
        sa.Column("visto_em", UTCDateTime(), nullable=True),
        sa.Column("encerrada_em", UTCDateTime(), nullable=True),
        sa.Column("com_2fa", sa.Boolean(), nullable=False),
        sa.Column("ip", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("user_agent", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.ForeignKeyConstraint(["usuario_id"], ["usuario.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("jti"),
    )
    op.create_index("ix_sessao_usuario", "sessao", ["usuario_id", "expira_em"], unique=False)
    op.create_index(op.f("ix_sessao_expira_em"), "sessao", ["expira_em"], unique=False)
    op.add_column("usuario", sa.Column("senha_temporaria_ate", UTCDateTime(), nullable=True))
    op.add_column("interacao", sa.Column("sistema", sa.Boolean(), server_default=sa.text("false"), nullable=False))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite ≥ 3.35): a batch copy of ``usuario`` would fight its foreign keys (see 0007).
    op.drop_column("interacao", "sistema")
    op.drop_column("usuario", "senha_temporaria_ate")
    op.drop_index(op.f("ix_sessao_expira_em"), table_name="sessao")
    op.drop_index("ix_sessao_usuario", table_name="sessao")
    op.drop_table("sessao")
