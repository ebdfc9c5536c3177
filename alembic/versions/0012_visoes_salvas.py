"""Saved views per user (``visao_salva``); the clientes list sorted by name

- ``visao_salva``: a user's named filters and sort of the leads or clientes list, unique by
  (user, list, name); removed with the user.
- ``ix_cliente_vivo_nome``: the clientes list sorted by razão social (``?ordem=razao_social``,
  on the folded ``busca`` text, which starts with it) as an ordered scan that stops at the page.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

from aurora_app.models.base import UTCDateTime

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_VIVO = sa.text("removido_em IS NULL")


def upgrade() -> None:
    op.create_table(
        "visao_salva",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("usuario_id", sa.Integer(), nullable=False),
        sa.Column("lista", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("nome", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("parametros", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("criado_em", UTCDateTime(), nullable=False),
        sa.CheckConstraint("lista IN ('leads','clientes')", name="ck_visao_salva_lista"),
        sa.ForeignKeyConstraint(["usuario_id"], ["usuario.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("usuario_id", "lista", "nome", name="uq_visao_salva_nome"),
    )
    op.create_index(
        "ix_cliente_vivo_nome", "cliente", ["busca", "id"], unique=False, sqlite_where=_VIVO, postgresql_where=_VIVO
    )


def downgrade() -> None:
    op.drop_index("ix_cliente_vivo_nome", table_name="cliente")
    op.drop_table("visao_salva")
