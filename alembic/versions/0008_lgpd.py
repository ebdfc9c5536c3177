"""LGPD console (SPEC §9, issue 16): requests register, consent history, anonymisations,
usuario.encarregado and contato.consentimento_revogado_em

Both new columns are added in place (``ALTER TABLE ... ADD/DROP COLUMN``, native on SQLite ≥ 3.35
and PostgreSQL), so no batch copy of ``usuario`` (see 0007 for why that copy is delicate).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import aurora_app.models.base

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString
DT = aurora_app.models.base.UTCDateTime


def upgrade() -> None:
    op.add_column("usuario", sa.Column("encarregado", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("contato", sa.Column("consentimento_revogado_em", DT(), nullable=True))
    op.create_table(
        "lgpd_solicitacao",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tipo", S(length=30), nullable=False),
        sa.Column("titular_nome", S(length=120), nullable=True),
        sa.Column("titular_email", S(length=254), nullable=True),
        sa.Column("descricao", S(length=2000), nullable=True),
        sa.Column("estado", S(length=20), nullable=False),
        sa.Column("recebida_em", DT(), nullable=False),
        sa.Column("prazo_em", DT(), nullable=False),
        sa.Column("responsavel_id", sa.Integer(), nullable=True),
        sa.Column("resposta", S(length=2000), nullable=True),
        sa.Column("concluida_em", DT(), nullable=True),
        sa.Column("criado_por_id", sa.Integer(), nullable=True),
        sa.Column("criado_em", DT(), nullable=False),
        sa.Column("atualizado_em", DT(), nullable=False),
        sa.CheckConstraint(
            "tipo IN ('acesso','correcao','anonimizacao','portabilidade','revogacao_consentimento')",
            name="ck_lgpd_solicitacao_tipo",
        ),
        sa.CheckConstraint(
            "estado IN ('aberta','em_andamento','concluida','recusada')", name="ck_lgpd_solicitacao_estado"
        ),
        sa.ForeignKeyConstraint(["responsavel_id"], ["usuario.id"]),
        sa.ForeignKeyConstraint(["criado_por_id"], ["usuario.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_lgpd_solicitacao_estado_prazo", "lgpd_solicitacao", ["estado", "prazo_em"])
    op.create_index("ix_lgpd_solicitacao_keyset", "lgpd_solicitacao", ["criado_em", "id"])
    op.create_table(
        "lgpd_consentimento",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contato_id", sa.Integer(), nullable=False),
        sa.Column("evento", S(length=30), nullable=False),
        sa.Column("base_legal", S(length=30), nullable=False),
        sa.Column("consentimento_em", DT(), nullable=True),
        sa.Column("consentimento_origem", S(length=300), nullable=True),
        sa.Column("usuario_id", sa.Integer(), nullable=True),
        sa.Column("criado_em", DT(), nullable=False),
        sa.ForeignKeyConstraint(["contato_id"], ["contato.id"]),
        sa.ForeignKeyConstraint(["usuario_id"], ["usuario.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_lgpd_consentimento_contato_id", "lgpd_consentimento", ["contato_id"])
    op.create_table(
        "lgpd_anonimizacao",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("motivo", S(length=500), nullable=False),
        sa.Column("registros", sa.Integer(), nullable=False),
        sa.Column("usuario_id", sa.Integer(), nullable=True),
        sa.Column("solicitacao_id", sa.Integer(), nullable=True),
        sa.Column("criado_em", DT(), nullable=False),
        sa.ForeignKeyConstraint(["usuario_id"], ["usuario.id"]),
        sa.ForeignKeyConstraint(["solicitacao_id"], ["lgpd_solicitacao.id"]),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("lgpd_anonimizacao")
    op.drop_index("ix_lgpd_consentimento_contato_id", table_name="lgpd_consentimento")
    op.drop_table("lgpd_consentimento")
    op.drop_index("ix_lgpd_solicitacao_keyset", table_name="lgpd_solicitacao")
    op.drop_index("ix_lgpd_solicitacao_estado_prazo", table_name="lgpd_solicitacao")
    op.drop_table("lgpd_solicitacao")
    op.drop_column("contato", "consentimento_revogado_em")
    op.drop_column("usuario", "encarregado")
