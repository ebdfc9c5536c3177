"""ai core: ingestion outbox and suggestion feedback

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import aurora_app.models.base

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ai_outbox",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("entidade", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("entidade_id", sa.Integer(), nullable=False),
        sa.Column("criado_em", aurora_app.models.base.UTCDateTime(), nullable=False),
        sa.CheckConstraint("entidade IN ('interacao','lead','cliente')", name="ck_ai_outbox_entidade"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "ai_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("usuario_id", sa.Integer(), nullable=False),
        sa.Column("sugestao_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("voto", sa.Integer(), nullable=False),
        sa.Column("criado_em", aurora_app.models.base.UTCDateTime(), nullable=False),
        sa.CheckConstraint("voto IN (-1, 1)", name="ck_ai_feedback_voto"),
        sa.ForeignKeyConstraint(["usuario_id"], ["usuario.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("ai_feedback", schema=None) as batch_op:
        batch_op.create_index("ix_ai_feedback_sugestao", ["sugestao_id"], unique=False)
        batch_op.create_index("uq_ai_feedback_usuario_sugestao", ["usuario_id", "sugestao_id"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("ai_feedback", schema=None) as batch_op:
        batch_op.drop_index("uq_ai_feedback_usuario_sugestao")
        batch_op.drop_index("ix_ai_feedback_sugestao")
    op.drop_table("ai_feedback")
    op.drop_table("ai_outbox")
